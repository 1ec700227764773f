package example;

import io.chatplatform.ChatPlatformException;
import io.chatplatform.ClientConfig;
import io.chatplatform.ClientConfigBuilder;
import io.chatplatform.Credentials;
import io.chatplatform.Emulator;
import io.chatplatform.JavaClient;
import io.chatplatform.NewUser;
import io.chatplatform.RegisterReport;
import io.chatplatform.User;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

public class Main {
    public static void main(String[] args) throws Exception {
        Emulator emu = new Emulator((String) null); // a local Chat Platform API, for offline tests
        ClientConfig config = new ClientConfigBuilder(emu.appKey()).baseUrl(emu.url()).requestTimeoutMs(10_000).build();
        Credentials credentials = Credentials.Companion.clientSecret(emu.clientId(), emu.clientSecret());
        try (JavaClient client = new JavaClient(config, credentials)) {
            User alice = client.registerUser("alice", "s3cret-pw", "Alice"); // blocking
            System.out.println("registered " + alice.getUsername());
            CompletableFuture<User> bob = client.registerUserAsync("bob", "pw-12345"); // or a future
            System.out.println("registered " + bob.get().getUsername());
            client.iterUsers(100).forEach(u -> System.out.println("user " + u.getUsername())); // a lazy Stream
            List<NewUser> many = IntStream.range(0, 130).mapToObj(i -> new NewUser("u" + i, "pw-" + i, null)).toList();
            RegisterReport report = client.registerUsers(many, p -> System.out.println(p.getDone() + "/" + p.getTotal() + " done"));
            System.out.println("bulk: " + report.getCreated().size() + " created");
            client.usersStatusStream(List.of("alice", "bob", "u7")) // batches as they complete
                    .forEach(b -> b.getPresences().forEach(s -> System.out.println(s.getUsername() + " " + s.getPresence())));
            try {
                client.getUser("nobody");
            } catch (ChatPlatformException.NotFound e) {
                System.out.println("not found: " + e.getMessage());
            }
        }
        emu.stop();
    }
}
