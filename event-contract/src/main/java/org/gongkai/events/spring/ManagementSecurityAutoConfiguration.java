package org.gongkai.events.spring;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The services' actuator behind HTTP basic authentication (Spring Security), for every service that has Spring
 * Security on its class path: health (status and components), info and Prometheus stay open to probes and scrapers;
 * every other endpoint, the write operations above all, needs the operator ({@link ManagementSecurityProperties}),
 * and so do health details ({@code show-details: when-authorized}, role {@value #ROLE}). Without a configured
 * password nobody gets in, and no password is generated or logged (this configuration's user store replaces Spring
 * Boot's default user). Requests to the actuator with a body over {@code max-request-body}, or of unknown length, are
 * refused before they are read. Stateless, no sessions; CSRF protection is off because nothing here is used from a
 * browser session (credentials travel with each request).
 */
@AutoConfiguration(
        before = {
            UserDetailsServiceAutoConfiguration.class,
            ServletWebSecurityAutoConfiguration.class,
            ManagementWebSecurityAutoConfiguration.class
        })
@ConditionalOnClass(SecurityFilterChain.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ManagementSecurityProperties.class)
public class ManagementSecurityAutoConfiguration {

    public static final String ROLE = "OPERATOR";

    private static final Logger log = LoggerFactory.getLogger(ManagementSecurityAutoConfiguration.class);

    @Bean
    SecurityFilterChain gongkaiManagementSecurity(HttpSecurity http, ManagementSecurityProperties properties)
            throws Exception {
        http.authorizeHttpRequests(requests -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers(
                                HttpMethod.GET,
                                "/actuator/health",
                                "/actuator/health/**",
                                "/actuator/info",
                                "/actuator/prometheus")
                        .permitAll()
                        .anyRequest()
                        .hasRole(ROLE))
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BodyLimit(properties.maxRequestBody().toBytes()), BasicAuthenticationFilter.class);
        return http.build();
    }

    @Bean
    UserDetailsService gongkaiOperator(ManagementSecurityProperties properties) {
        if (!properties.hasPassword()) {
            log.info("No gongkai.management.password: the actuator's operations and health details are closed");
            return new InMemoryUserDetailsManager();
        }
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        // a hash given as such is what the encoder would have stored ({bcrypt}…): kept, not hashed again
        String stored = properties.passwordIsHash() ? properties.password() : encoder.encode(properties.password());
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(User.withUsername(properties.username())
                .password(stored)
                .roles(ROLE)
                .build());
        // Not a UserDetailsPasswordService: Spring Security would otherwise re-hash a given hash of a lower cost at
        // the default cost (10) on the first login, so every later request would pay that cost again (session 14)
        return users::loadUserByUsername;
    }

    /** Refuses request bodies over the limit (413) or of unknown length (411), before anything reads them. */
    static final class BodyLimit extends OncePerRequestFilter {

        private final long maxBytes;

        BodyLimit(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            boolean body = !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod());
            long length = request.getContentLengthLong();
            if (body && length < 0 && request.getHeader("Transfer-Encoding") != null) {
                response.setStatus(HttpServletResponse.SC_LENGTH_REQUIRED);
                return;
            }
            if (length > maxBytes) {
                response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
