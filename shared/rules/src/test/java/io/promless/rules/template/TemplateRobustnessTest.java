package io.promless.rules.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.model.labels.Labels;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random templates built from template tokens: parsing fails only with TemplateException, expanding never throws. */
class TemplateRobustnessTest {
    private static final List<String> TOKENS = List.of("{{", "}}", "{{-", "-}}", " ", "$labels", "$value", ".Labels", ".", "if",
            "else", "end", "range", "with", "|", "(", ")", "\"", "\"\\x4\"", "'a'", "`raw`", "humanize", "printf", "\"%d\"", "1",
            "-2.5e3", "0x", ":=", "=", "$x", ",", "query", "\"up\"", "first", "index", "slice", "len", "eq", "lt", "and", "not",
            "/*", "*/", "nil", "true", "\n", "text", "99999999999999999999", "title", "match", "\"[\"", "reReplaceAll");

    @Test
    void randomTemplatesNeverCrash() {
        Random random = new Random(42);
        TemplateFunctions functions = TemplateFunctions.withoutQueries("http://x", 0);
        int parsed = 0;
        for (int i = 0; i < 5000; i++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int j = 0; j < length; j++) {
                text.append(TOKENS.get(random.nextInt(TOKENS.size())));
            }
            String template = text.toString();
            try {
                AlertTemplates.parse("Fuzz", template);
                parsed++;
            } catch (TemplateException expected) {
                assertThat(expected.getMessage()).as(template).isNotBlank();
            }
            String expanded = AlertTemplates.expand("Fuzz", template, Labels.of("job", "a"), Labels.EMPTY, "http://x", 1.5, functions);
            assertThat(expanded).as(template).isNotNull();
        }
        assertThat(parsed).isPositive();
    }

    @Test
    void runawayTemplatesStopWithAnError() {
        String expanded = AlertTemplates.expand("Loop", "{{ range 99999 }}{{ range 99999 }}x{{ end }}{{ end }}", Labels.EMPTY,
                Labels.EMPTY, "", 0, TemplateFunctions.withoutQueries("", 0));
        assertThat(expanded).startsWith("<error expanding template: ").contains("exceeded");
    }
}
