package example;

import io.chatplatform.ChatPlatformException;
import io.chatplatform.ClientConfig;
import io.chatplatform.ClientConfigBuilder;
import io.chatplatform.Credentials;
import io.chatplatform.Emulator;
import io.chatplatform.JavaClient;
import io.chatplatform.User;
import java.util.concurrent.CompletableFuture;

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
            try {
                client.getUser("nobody");
            } catch (ChatPlatformException.NotFound e) {
                System.out.println("not found: " + e.getMessage());
            }
        }
        emu.stop();
    }
}
