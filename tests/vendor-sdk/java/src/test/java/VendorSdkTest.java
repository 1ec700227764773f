import static org.junit.jupiter.api.Assertions.*;

import com.easemob.im.server.EMProperties;
import com.easemob.im.server.EMService;
import com.easemob.im.server.api.mute.mute.MuteUserRequest;
import com.easemob.im.server.model.EMConversationType;
import com.easemob.im.server.model.EMMute;
import com.easemob.im.server.model.EMNotificationType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The vendor's official Java SDK, unchanged, against the emulator: its calls
 * beyond the reference (password-grant user token, one-device logout,
 * per-conversation push setting, user attributes, global mutes, the inherit
 * grant) and its Agora realm (AccessToken2 app tokens it mints, exchanged by the
 * `agora` grant). The emulator's defaults: demo-org#demo-app, its client id and
 * secret, app id and certificate.
 */
class VendorSdkTest {
    static final String URL = System.getProperty("emulator.url", "http://127.0.0.1:8080");
    static final String APP_ID = "0e5a1f3b2c4d46e8a9b7c6d5e4f3a2b1";
    static final String APP_CERT = "7d3c2b1a0f9e48d7b6a5c4d3e2f1a0b9";
    static EMService sdk;

    static String admin(String path, String body) throws Exception {
        var req = HttpRequest.newBuilder(URI.create(URL + "/_emulator/" + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        var resp = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, resp.statusCode(), resp.body());
        return resp.body();
    }

    @BeforeAll
    static void start() throws Exception {
        admin("reset", "{}");
        sdk = new EMService(EMProperties.builder()
                .setBaseUri(URL)
                .setAppkey("demo-org#demo-app")
                .setClientId("YXA6emulator-client-id")
                .setClientSecret("YXA6emulator-client-secret")
                .build());
        sdk.user().create("alice", "alice-pw-1").block();
        sdk.user().create("bob", "bob-pw-1").block();
    }

    @Test
    void passwordGrantUserToken() {
        var token = sdk.user().getToken("alice", "alice-pw-1").block();
        assertNotNull(token);
        assertTrue(token.isValid(), token.toString());
        assertTrue(token.getValue().startsWith("YWMt"));
    }

    @Test
    void inheritGrantUserToken() {
        var token = sdk.token().getUserTokenWithInherit("bob");
        assertTrue(token.startsWith("YWMt"), token);
    }

    @Test
    void logoutOneDevice() throws Exception {
        admin("devices", "{\"username\":\"alice\",\"devices\":[{\"resource\":\"android_1a2b\",\"device_uuid\":\"d1\",\"device_name\":\"Pixel\"}]}");
        sdk.user().forceLogoutOneDevice("alice", "android_1a2b").block();
        assertFalse(sdk.user().isUserOnline("alice").block());
    }

    @Test
    void perConversationPushSetting() {
        sdk.push().offlineSetting("alice", EMConversationType.USER, "bob", EMNotificationType.NONE, "", 3_600_000L).block();
        sdk.push().offlineSetting("alice", EMConversationType.USER, "alice", EMNotificationType.AT, "22:00-07:30", 0L).block();
    }

    @Test
    void userAttributes() {
        sdk.metadata().setMetadataToUser("alice", Map.of("nickname", "Alice A.", "ext", "a&b=c d")).block();
        var one = sdk.metadata().getMetadataFromUser("alice").block();
        assertEquals("a&b=c d", one.getData().get("ext"));
        var many = sdk.metadata().getMetadataFromUsers(List.of("alice", "bob"), List.of("nickname")).block();
        assertEquals("Alice A.", many.getData().get("alice").get("nickname"));
        assertTrue(sdk.metadata().getUsage().block().getBytesUsed() > 0);
        assertTrue(sdk.metadata().deleteMetadataFromUser("alice").block());
        assertTrue(sdk.metadata().getMetadataFromUser("alice").block().getData().isEmpty());
    }

    @Test
    void globalMutes() {
        sdk.mute().muteUser(new MuteUserRequest.Builder().username("bob").chat(600).groupChat(-1).chatroom(0).build()).block();
        EMMute m = sdk.mute().detail("bob").block();
        assertTrue(m.getChatMuteRemain() > 590, m.getChatMuteRemain().toString());
        assertEquals(-1, m.getGroupChatMuteRemain());
        assertEquals(0, m.getChatroomMuteRemain());
        assertNotNull(sdk.mute().muteList().block().getMuteData());
    }

    @Test
    void agoraRealmExchangesTheAccessToken2ItMints() {
        var agora = new EMService(EMProperties.builder()
                .setRealm(EMProperties.Realm.AGORA_REALM)
                .setBaseUri(URL)
                .setAppkey("demo-org#demo-app")
                .setAppId(APP_ID)
                .setAppCert(APP_CERT)
                .build());
        assertEquals("alice", agora.user().get("alice").block().getUsername());
    }
}
