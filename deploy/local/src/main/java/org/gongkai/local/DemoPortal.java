package org.gongkai.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A small disclosure portal served from the class path ({@code demo-portal/}): a list page {@code /xxgk/index.html}
 * with four notice pages in the styles of common government CMS families, one of them GBK-encoded, and the
 * disclosure catalogue {@code /gkml/index.html} (list pages {@code index_N.html}, about fifty notices) rendered at
 * request time from {@link DemoCatalogue}. HTML is served as {@code text/html} without a charset parameter, as many
 * real portals do, so the crawler has to read the page's own declaration.
 *
 * <p>Binds to 127.0.0.1 only, except when {@link #main} is given another address (the Compose demo profile binds to
 * all of its container's addresses so that ingest-service can reach it). Thread-safe: requests are served by a
 * small pool.
 */
public final class DemoPortal implements AutoCloseable {

    private final HttpServer server;

    private DemoPortal(HttpServer server) {
        this.server = server;
    }

    /** Starts the portal on {@code port} (0 for any free port). */
    public static DemoPortal start(int port) {
        return start(InetAddress.getLoopbackAddress(), port);
    }

    /** Starts the portal on {@code address:port} (port 0 for any free port). */
    public static DemoPortal start(InetAddress address, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 16);
            server.createContext("/", DemoPortal::serve);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();
            return new DemoPortal(server);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot bind the demo portal to " + address.getHostAddress() + ":" + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** URL of the first list page of the four static notices. */
    public String listUrl() {
        return "http://127.0.0.1:" + port() + "/xxgk/index.html";
    }

    /** URL of the first list page of the catalogue ({@link DemoCatalogue}). */
    public String catalogueUrl() {
        return "http://127.0.0.1:" + port() + DemoCatalogue.LIST_PATH;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private static void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = URI.create(exchange.getRequestURI().getRawPath())
                    .normalize()
                    .getPath();
            if (path.equals("/robots.txt")) {
                respond(exchange, 200, "text/plain", "User-agent: *\nAllow: /\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            if (path.endsWith("/")) {
                path += "index.html";
            }
            if (path.contains("..") || !path.startsWith("/")) {
                respond(exchange, 400, "text/plain", "bad path".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            if (path.startsWith("/gkml/")) {
                var page = DemoCatalogue.shipped().page(path);
                if (page.isPresent()) {
                    respond(exchange, 200, "text/html", page.get().getBytes(StandardCharsets.UTF_8));
                } else {
                    notFound(exchange);
                }
                return;
            }
            try (InputStream in = DemoPortal.class.getResourceAsStream("/demo-portal" + path)) {
                if (in == null) {
                    notFound(exchange);
                    return;
                }
                respond(exchange, 200, contentType(path), in.readAllBytes());
            }
        }
    }

    private static void notFound(HttpExchange exchange) throws IOException {
        respond(exchange, 404, "text/html", "<html><body>404 页面不存在</body></html>".getBytes(StandardCharsets.UTF_8));
    }

    private static String contentType(String path) {
        if (path.endsWith(".html")) {
            return "text/html";
        }
        if (path.endsWith(".docx")) {
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        }
        return "application/octet-stream";
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    /**
     * Runs the portal in the foreground: {@code DemoPortal [port [address]]}.
     *
     * @param args port (default 18080), then the address to bind to (default 127.0.0.1; {@code 0.0.0.0} in a
     *             container)
     */
    public static void main(String[] args) throws InterruptedException, UnknownHostException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 18080;
        InetAddress address = args.length > 1 ? InetAddress.getByName(args[1]) : InetAddress.getLoopbackAddress();
        DemoPortal portal = start(address, port);
        System.out.println("Demo portal at " + portal.listUrl() + " and " + portal.catalogueUrl());
        Thread.currentThread().join();
    }
}
