package cn.pzh.eligibility.service.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class OpenApiConfig {

    @Bean
    OpenAPI eligibilityOpenApi() {
        return new OpenAPI().info(new Info()
                .title("攀枝花社会救助待遇核定 API (Panzhihua social-assistance eligibility)")
                .version("v1")
                .description("Households in the shape of shared/spec/household.example.json; determinations as in "
                        + "shared/spec/README.md. Errors are application/problem+json with an `errors` list of "
                        + "{path, message, messageZh}."));
    }
}
