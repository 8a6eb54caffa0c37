package dev.wingman.testkit.internal.wings;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.wingman.testkit.internal.wings.Answers.error;

/**
 * The browser-facing routes a panel-signed JWT opens ({@code ?token=}): {@code GET /download/file}
 * streams {@code file_path} of {@code server_uuid} as an attachment, {@code POST /upload/file}
 * stores the multipart {@code files} parts in {@code directory}. The token must be signed with the
 * node's token and unexpired, and its {@code unique_id} is used once, as Go Wings checks them. A
 * bad token is answered 401 (wings-rs; Go Wings' generic handler answers 500).
 */
final class SignedTransfers {
    private static final long UPLOAD_LIMIT = 100L * 1024 * 1024;
    private final NodeToken node;
    private final Servers servers;
    private final Set<String> used = ConcurrentHashMap.newKeySet();

    SignedTransfers(NodeToken node, Servers servers) {
        this.node = node;
        this.servers = servers;
    }

    /** The claims, or null after answering; the unique id is spent. */
    JsonObject claims(ServerRequest req, ServerResponse res) {
        JsonObject claims = node.verifyJwt(req.query().first("token").orElse(""));
        if (claims == null || !claims.containsKey("exp")
                || claims.getJsonNumber("exp").longValue() < System.currentTimeMillis() / 1000) {
            error(res, 401, "invalid authorization token");
            return null;
        }
        if (!used.add(claims.getString("unique_id", ""))) {
            error(res, 404, ServerFiles.NOT_FOUND); // Go Wings: a used link is not found
            return null;
        }
        return claims;
    }

    void download(ServerRequest req, ServerResponse res) {
        JsonObject claims = claims(req, res);
        if (claims == null) {
            return;
        }
        SimulatedServer target = servers.get(claims.getString("server_uuid", ""));
        if (target == null) {
            error(res, 404, Answers.NOT_FOUND);
            return;
        }
        try {
            Path file = ServerFiles.resolve(target.files(), claims.getString("file_path", ""));
            if (!Files.isRegularFile(file)) {
                error(res, 404, ServerFiles.NOT_FOUND);
                return;
            }
            byte[] bytes = Files.readAllBytes(file);
            res.header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
            res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + file.getFileName() + "\"");
            res.status(Status.OK_200).send(bytes);
        } catch (IOException e) {
            error(res, 404, ServerFiles.NOT_FOUND);
        }
    }

    void upload(ServerRequest req, ServerResponse res) {
        JsonObject claims = claims(req, res);
        if (claims == null) {
            return;
        }
        SimulatedServer target = servers.get(claims.getString("server_uuid", ""));
        if (target == null) {
            error(res, 404, Answers.NOT_FOUND);
            return;
        }
        String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        byte[] body = req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0];
        List<Object[]> files = files(body, type);
        try {
            Path root = target.files();
            Path directory = ServerFiles.resolve(root, req.query().first("directory").orElse("/"));
            List<Object[]> checked = new ArrayList<>();
            for (Object[] part : files) {
                byte[] content = (byte[]) part[1];
                if (content.length > UPLOAD_LIMIT) {
                    error(res, 400, "File too large");
                    return;
                }
                checked.add(new Object[]{ServerFiles.resolve(root, root.relativize(directory).resolve((String) part[0])
                        .toString()), content});
            }
            for (Object[] part : checked) {
                Path file = (Path) part[0];
                Files.createDirectories(file.getParent());
                Files.write(file, (byte[]) part[1]);
            }
        } catch (IOException e) {
            error(res, 404, ServerFiles.NOT_FOUND);
            return;
        }
        res.status(Status.OK_200).send();
    }

    /** The multipart parts named files: {file name, bytes}. */
    private static List<Object[]> files(byte[] body, String contentType) {
        Matcher m = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType);
        List<Object[]> files = new ArrayList<>();
        if (!m.find()) {
            return files;
        }
        String text = new String(body, StandardCharsets.ISO_8859_1);
        for (String part : text.split(Pattern.quote("--" + m.group(1)))) {
            int split = part.indexOf("\r\n\r\n");
            if (split < 0) {
                continue;
            }
            String headers = part.substring(0, split);
            Matcher name = Pattern.compile("name=\"([^\"]+)\"").matcher(headers);
            Matcher filename = Pattern.compile("filename=\"([^\"]*)\"").matcher(headers);
            if (!name.find() || !name.group(1).equals("files") || !filename.find()) {
                continue;
            }
            String content = part.substring(split + 4);
            if (content.endsWith("\r\n")) {
                content = content.substring(0, content.length() - 2);
            }
            files.add(new Object[]{new String(filename.group(1).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8),
                    content.getBytes(StandardCharsets.ISO_8859_1)});
        }
        return files;
    }
}
