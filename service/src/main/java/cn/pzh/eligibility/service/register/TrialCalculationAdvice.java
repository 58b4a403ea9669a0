package cn.pzh.eligibility.service.register;

import cn.pzh.eligibility.evaluation.Determination;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import cn.pzh.eligibility.service.api.DeterminationController;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * The stateless {@code POST /api/v1/determinations} is a trial calculation (试算): nothing is recorded and no notice
 * can be printed from it. Its answer says so, in the body and a header, so no one files it as a decision.
 */
@ControllerAdvice(assignableTypes = DeterminationController.class)
public class TrialCalculationAdvice implements ResponseBodyAdvice<Object> {

    public static final String NOTE = "试算结果：未登记、未留存记录，不能据此出具告知书。正式核定请先登记家庭，"
            + "再通过 POST /api/v1/households/{id}/determinations 核定。";

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return Determination.class.equals(returnType.getParameterType());
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
            ServerHttpResponse response) {
        if (!(body instanceof Determination d)) {
            return body;
        }
        response.getHeaders().set("Eligibility-Trial", "true");
        return new Trial(d, true, NOTE);
    }

    /** The determination's own fields, then the two that mark it a trial: written straight, no tree in between. */
    record Trial(@JsonUnwrapped Determination determination, boolean trial, String trialNote) {
    }
}
