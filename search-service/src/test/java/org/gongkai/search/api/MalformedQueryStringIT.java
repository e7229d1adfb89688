package org.gongkai.search.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * A query string that is not valid percent-encoding, through a real Tomcat (which decodes it; MockMvc does not):
 * a problem detail naming the parameter, like the service's other 400s (session 18's trial, finding 4: Spring Boot's
 * error page). No index is reached: the route fails before it runs, so the controller has none.
 */
class MalformedQueryStringIT {

    private static WebServer server;

    @Configuration
    @EnableWebMvc
    static class Api {
        @Bean
        SearchController searchController() {
            return new SearchController(null);
        }

        @Bean
        ApiErrors apiErrors() {
            return new ApiErrors();
        }
    }

    @BeforeAll
    static void start() {
        AnnotationConfigWebApplicationContext context = new AnnotationConfigWebApplicationContext();
        context.register(Api.class);
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
        factory.setAddress(InetAddress.getLoopbackAddress());
        server = factory.getWebServer(servletContext ->
                servletContext.addServlet("api", new DispatcherServlet(context)).addMapping("/"));
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aBadEscapeInTheQueryIsABadParameterNamingQ() throws IOException {
        String answer = get("/api/search?size=5&q=%ZZ");

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).containsIgnoringCase("Content-Type: application/problem+json");
        assertThat(answer).contains("\"title\":\"Bad parameter\"");
        assertThat(answer).contains("\"parameter\":\"q\"");
        assertThat(answer).contains("\"detail\":\"q: must be percent-encoded UTF-8, not '%ZZ'\"");
    }

    @Test
    void aCursorOfLoneEscapesIsABadParameterNamingAfter() throws IOException {
        String answer = get("/api/search?after=%%%");

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).contains("\"parameter\":\"after\"");
    }

    @Test
    void escapesThatAreNoUtf8AreABadParameterToo() throws IOException {
        String answer = get("/api/search?q=%E9%80");

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).contains("\"parameter\":\"q\"");
    }

    /** A raw request: {@code java.net.URI} and the HTTP clients refuse such a query before sending it. */
    private static String get(String target) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try (InputStream in = socket.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
