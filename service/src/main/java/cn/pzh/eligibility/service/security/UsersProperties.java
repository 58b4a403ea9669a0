package cn.pzh.eligibility.service.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code eligibility.users[i].name / .password / .roles}: who may sign in. Passwords are stored hashed as
 * {@code {bcrypt}…}; roles are CASEWORKER (read and evaluate) and POLICY (also reload rules and run batches).
 */
@ConfigurationProperties("eligibility")
public record UsersProperties(List<User> users) {

    public record User(String name, String password, List<String> roles) {
    }

    public UsersProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }
}
