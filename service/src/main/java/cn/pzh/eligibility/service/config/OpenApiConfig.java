package cn.pzh.eligibility.service.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class OpenApiConfig {

    @Bean
    OpenAPI eligibilityOpenApi() {
        // Every API call needs HTTP Basic credentials (see SecurityConfig); Swagger UI's "Authorize" asks for them.
        return new OpenAPI()
                .components(new Components().addSecuritySchemes("basic",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
                .addSecurityItem(new SecurityRequirement().addList("basic"))
                .info(new Info()
                .title("攀枝花社会救助待遇核定 API (Panzhihua social-assistance eligibility)")
                .version("v1")
                .description("Households in the shape of shared/spec/household.example.json; determinations as in "
                        + "shared/spec/README.md. Errors are application/problem+json with an `errors` list of "
                        + "{path, message, messageZh}. Roles: CASEWORKER reads and evaluates; POLICY also reloads rules "
                        + "(POST /api/v1/ruleset/reload) and runs batches."));
    }
}
