// A caseworker system's smoke test of familycase serve, as a JVM team writes it: plain
// java.net.http, no libraries. Usage: java SmokeTest.java BASE_URL CASE_JSON_FILE
// Exits 0 when every check holds, 1 (naming the check) when one does not.
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

public class SmokeTest {
    static final HttpClient CLIENT =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(
            request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void check(boolean ok, String what, HttpResponse<String> response) {
        if (!ok) {
            String body = response.body();
            System.err.println("FAILED: " + what + " (status " + response.statusCode() + "): "
                + body.substring(0, Math.min(400, body.length())));
            System.exit(1);
        }
        System.out.println("ok: " + what);
    }

    static HttpRequest.Builder post(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .header("X-Request-Id", "jvm-smoke-1")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String caseJson = Files.readString(Path.of(args[1]));

        HttpResponse<String> ready = send(HttpRequest.newBuilder(URI.create(base + "/readyz")));
        check(ready.statusCode() == 200 && ready.body().contains("ready"), "readyz", ready);

        HttpResponse<String> assessment = send(post(base + "/v1/evaluate?lang=nb", caseJson));
        check(assessment.statusCode() == 200, "evaluate answers 200", assessment);
        check(assessment.body().contains("\"schema_version\""), "schema_version", assessment);
        check(assessment.body().contains("\"notify_child_welfare\""), "the duty", assessment);
        check(assessment.body().contains("\"ids_only\": true"), "ids only by default", assessment);
        check("jvm-smoke-1".equals(assessment.headers().firstValue("x-request-id").orElse("")),
            "request id echoed", assessment);

        String invalid = caseJson.replaceFirst("\"as_of\": \"[0-9-]+\"", "\"as_of\": \"0003-01-01\"");
        HttpResponse<String> refused = send(post(base + "/v1/evaluate", invalid));
        check(refused.statusCode() == 422 && refused.body().contains("\"CaseError\"")
            && refused.body().contains("\"path\":\"as_of\""), "CaseError with a path", refused);

        HttpResponse<String> schema =
            send(HttpRequest.newBuilder(URI.create(base + "/v1/schemas/assessment")));
        check(schema.statusCode() == 200 && schema.body().contains("urn:familycase:assessment:"),
            "published schema with $id", schema);

        HttpResponse<String> rulebook = send(HttpRequest.newBuilder(URI.create(base + "/v1/rulebook")));
        check(rulebook.statusCode() == 200 && rulebook.body().contains("\"version\""),
            "rulebook version", rulebook);
        System.out.println("JVM smoke test passed");
    }
}
