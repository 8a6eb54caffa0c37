package dev.wingman.nodes.api;

import java.util.List;

/**
 * The one client for calls to Wings agents. Every call goes through the node's own timeout,
 * circuit breaker and bulkhead, so a dead or slow node fails fast and never holds up calls to
 * other nodes. Failures are {@link WingsException}s naming the node.
 */
public interface Wings {

    /** {@code GET /api/system}. */
    SystemInfo system(String nodeId);

    /** {@code GET /api/servers}: every server Wings knows, with its state. */
    List<ServerState> servers(String nodeId);

    /** {@code GET /api/servers/{uuid}}. */
    ServerState server(String nodeId, String serverUuid);

    /**
     * {@code POST /api/servers}: Wings fetches the server's configuration from the panel, creates
     * the container and runs the installer in the background.
     */
    void createServer(String nodeId, String serverUuid, boolean startOnCompletion);

    /** {@code DELETE /api/servers/{uuid}}; a server Wings does not know counts as deleted. */
    void deleteServer(String nodeId, String serverUuid);

    /** {@code POST /api/servers/{uuid}/power}: start, stop, restart or kill. Accepted, runs asynchronously. */
    void power(String nodeId, String serverUuid, String action);

    /** {@code POST /api/servers/{uuid}/reinstall}: Wings runs the install script again (409 while it is running). */
    void reinstall(String nodeId, String serverUuid);

    /**
     * {@code POST /api/servers/{uuid}/ws/deny}: Wings refuses console JWTs with these ids issued
     * before now, and drops the sessions using them.
     */
    void denyTokens(String nodeId, String serverUuid, java.util.List<String> jtis);

    /** {@code POST /api/servers/{uuid}/sync}: Wings re-reads the server's configuration from the panel. */
    void sync(String nodeId, String serverUuid);

    /**
     * {@code POST /api/servers/{uuid}/transfer} on the source node: Wings stops the server and
     * streams its archive to {@code destinationUrl} ({@code <destination>/api/transfers}) with
     * {@code Authorization: Bearer <destinationJwt>}. Accepted; the outcome arrives on the remote API.
     */
    void transfer(String nodeId, String serverUuid, String destinationUrl, String destinationJwt, boolean startOnCompletion);

    /**
     * {@code DELETE /api/servers/{uuid}/transfer}: the source stops sending. A server Wings is not
     * transferring (409) or does not know (404) counts as cancelled.
     */
    void cancelTransfer(String nodeId, String serverUuid);

    /**
     * Opens the console WebSocket of a server on its node ({@code /api/servers/{uuid}/ws}, sending
     * {@code Origin: origin}) through the node's guard like every other call (breaker, bulkhead,
     * timeout), metered with {@code kind=console}: the connection within
     * {@code wingman.wings.connect-timeout}, Wings' upgrade answer within
     * {@code wingman.wings.read-timeout}. The socket is then the caller's; the guard covers only
     * the opening. A refused upgrade (Wings answered with an HTTP status) is
     * {@link WingsException.Failure#REJECTED} and does not count against the breaker.
     */
    java.net.http.WebSocket console(String nodeId, String serverUuid, String origin, java.net.http.WebSocket.Listener listener);

    record SystemInfo(String version, String architecture, String os, String kernelVersion, int cpuCount) {
    }

    /**
     * {@code POST /api/servers/{uuid}/commands}. A stopped server is refused by Wings (502 from Go
     * Wings, 417 from wings-rs): both come back as {@link WingsException} with that status.
     */
    void command(String nodeId, String serverUuid, java.util.List<String> commands);

    /**
     * A server's state on Wings: offline, starting, running or stopping, and its resource use
     * (bytes; cpu where 100 = one core; uptime in milliseconds).
     */
    record ServerState(String uuid, String state, boolean suspended, long memoryBytes, double cpuAbsolute, long diskBytes,
                       long networkRxBytes, long networkTxBytes, long uptimeMillis) {
    }

    /**
     * {@code GET /api/servers/{uuid}/files/list-directory?directory=}: what the directory holds.
     * Paths are the server's own, rooted at its data directory; Wings refuses any that leaves it.
     */
    List<FileStat> listDirectory(String nodeId, String serverUuid, String directory);

    /**
     * {@code GET /api/servers/{uuid}/files/contents?file=}: the file's bytes as Wings sends them,
     * not held in memory. A file Wings declares larger than {@code maxBytes} is
     * {@link FileTooLargeException} at once; the body of one it sends without a length fails with
     * {@link dev.wingman.platform.api.CappedInputStream.Exceeded} at the first byte beyond
     * {@code maxBytes}. A node that stalls or breaks off mid-file fails the read with an IOException
     * whose cause is the {@link WingsException}. Wings' error answers are {@link WingsException}
     * before anything is returned, as for every call. Close the stream in every case.
     */
    FileStream fileContents(String nodeId, String serverUuid, String file, long maxBytes);

    /**
     * {@code POST /api/servers/{uuid}/files/write?file=} with {@code length} raw bytes read from
     * {@code content} as they are sent (Wings needs the length): creates or replaces the file. A
     * failure of {@code content} itself is {@link dev.wingman.platform.api.OutboundHttp.SourceFailed},
     * not held against the node.
     */
    void writeFile(String nodeId, String serverUuid, String file, java.io.InputStream content, long length);

    /** {@code POST /api/servers/{uuid}/files/create-directory}: {@code name} under {@code path}. */
    void createDirectory(String nodeId, String serverUuid, String path, String name);

    /** {@code PUT /api/servers/{uuid}/files/rename}: each from → to, relative to {@code root}; a missing source is skipped. */
    void renameFiles(String nodeId, String serverUuid, String root, List<Rename> files);

    /** {@code POST /api/servers/{uuid}/files/copy}: a copy beside the file ("name copy.ext"). */
    void copyFile(String nodeId, String serverUuid, String location);

    /** {@code POST /api/servers/{uuid}/files/delete}: the files and directories (recursively) under {@code root}. */
    void deleteFiles(String nodeId, String serverUuid, String root, List<String> files);

    /** {@code POST /api/servers/{uuid}/files/chmod}: each file's mode (an octal string such as 755), relative to {@code root}. */
    void chmodFiles(String nodeId, String serverUuid, String root, List<Chmod> files);

    /**
     * {@code POST /api/servers/{uuid}/files/compress}: the files under {@code root} into a new
     * {@code .tar.gz} beside them; what Wings created.
     */
    FileStat compressFiles(String nodeId, String serverUuid, String root, List<String> files);

    /** {@code POST /api/servers/{uuid}/files/decompress}: the archive {@code file} under {@code root}, extracted there. */
    void decompressFile(String nodeId, String serverUuid, String root, String file);

    /**
     * {@code POST /api/servers/{uuid}/files/pull}: Wings downloads {@code url} into {@code directory}
     * in the background (as {@code fileName}, or the name the URL or its answer gives); accepted.
     * The caller checks the URL first: Wings fetches whatever it is given.
     */
    void pullFile(String nodeId, String serverUuid, String url, String directory, String fileName, boolean useHeader);

    /**
     * {@code POST /api/servers/{uuid}/backup} with {@code {adapter: "wings", uuid, ignore}}
     * ({@code ignore}: newline-separated patterns): Wings archives the server's files in the
     * background and reports on the panel's {@code POST /api/remote/backups/{backup}}. Accepted.
     */
    void backup(String nodeId, String serverUuid, String backupUuid, String ignore);

    /**
     * {@code POST /api/servers/{uuid}/backup/{backup}/restore} with {@code {adapter: "wings",
     * truncate_directory, download_url: ""}}: Wings restores the server's files from its local
     * archive in the background (emptying the directory first when {@code truncate}) and reports
     * on {@code POST /api/remote/backups/{backup}/restore}. Accepted.
     */
    void restoreBackup(String nodeId, String serverUuid, String backupUuid, boolean truncate);

    /** {@code DELETE /api/servers/{uuid}/backup/{backup}}; an archive Wings does not have (404) counts as deleted. */
    void deleteBackup(String nodeId, String serverUuid, String backupUuid);

    /** One mode change: {@code file} to {@code mode} (octal, as Wings takes it). */
    record Chmod(String file, String mode) {
    }

    /** One entry of a directory as Wings describes it ({@code mode} like {@code -rw-r--r--}, {@code modeBits} octal). */
    record FileStat(String name, java.time.Instant created, java.time.Instant modified, String mode, String modeBits,
                    long size, boolean directory, boolean file, boolean symlink, String mime) {
    }

    /**
     * A file's bytes as they arrive from Wings, the length Wings declared (if it did) and the MIME
     * type it detected.
     */
    record FileStream(java.io.InputStream body, java.util.OptionalLong length, String mime) implements AutoCloseable {
        @Override
        public void close() {
            try {
                body.close();
            } catch (java.io.IOException e) {
                // the exchange is dropped either way
            }
        }
    }

    /** One rename: {@code from} to {@code to}, both relative to the request's root. */
    record Rename(String from, String to) {
    }

    /** The file is larger than the caller reads: nothing of it was kept. */
    final class FileTooLargeException extends RuntimeException {
        public FileTooLargeException(long limit) {
            super("The file is larger than " + limit + " bytes", null, false, false);
        }
    }
}
