package cn.pzh.eligibility.service.web;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.util.unit.DataSize;

/** The request guard in front of everything, and problem+json for what Tomcat and the firewall refuse. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(Limits.class)
public class WebConfig {

    @Bean
    FilterRegistrationBean<RequestGuard> requestGuard(Limits limits,
            @Value("${spring.servlet.multipart.max-request-size:513MB}") DataSize multipartMax) {
        FilterRegistrationBean<RequestGuard> r = new FilterRegistrationBean<>(
                new RequestGuard(limits, multipartMax.toBytes()));
        r.setOrder(Ordered.HIGHEST_PRECEDENCE);
        r.addUrlPatterns("/*");
        return r;
    }

    /** The firewall's refusal ({@code ..}, {@code ;}, a backslash) is the client's mistake: 400 via /error. */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return new HttpStatusRequestRejectedHandler(400);
    }

    /** Replaces Tomcat's HTML error report (and Boot's quiet copy of it) on the host with the problem+json one. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                for (Valve v : host.getPipeline().getValves()) {
                    if (v instanceof ErrorReportValve && !(v instanceof ProblemErrorReportValve)) {
                        host.getPipeline().removeValve(v);
                    }
                }
                host.getPipeline().addValve(new ProblemErrorReportValve());
            }
        });
    }
}
