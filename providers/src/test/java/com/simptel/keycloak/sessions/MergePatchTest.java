package com.simptel.keycloak.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MergePatchTest {

    private static final ObjectMapper M = new ObjectMapper();

    /** RFC 7396 Appendix A, every example (backticks stand for double quotes). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{`a`:`b`}                 | {`a`:`c`}                 | {`a`:`c`}",
            "{`a`:`b`}                 | {`b`:`c`}                 | {`a`:`b`,`b`:`c`}",
            "{`a`:`b`}                 | {`a`:null}                | {}",
            "{`a`:`b`,`b`:`c`}         | {`a`:null}                | {`b`:`c`}",
            "{`a`:[`b`]}               | {`a`:`c`}                 | {`a`:`c`}",
            "{`a`:`c`}                 | {`a`:[`b`]}               | {`a`:[`b`]}",
            "{`a`:{`b`:`c`}}           | {`a`:{`b`:`d`,`c`:null}}  | {`a`:{`b`:`d`}}",
            "{`a`:[{`b`:`c`}]}         | {`a`:[1]}                 | {`a`:[1]}",
            "[`a`,`b`]                 | [`c`,`d`]                 | [`c`,`d`]",
            "{`a`:`b`}                 | [`c`]                     | [`c`]",
            "{`a`:`foo`}               | null                      | null",
            "{`a`:`foo`}               | `bar`                     | `bar`",
            "{`e`:null}                | {`a`:1}                   | {`e`:null,`a`:1}",
            "[1,2]                     | {`a`:`b`,`c`:null}        | {`a`:`b`}",
            "{}                        | {`a`:{`bb`:{`ccc`:null}}} | {`a`:{`bb`:{}}}",
    })
    void rfc7396AppendixA(String target, String patch, String expected) throws Exception {
        JsonNode result = MergePatch.apply(json(target), json(patch));
        assertThat(result).isEqualTo(json(expected));
    }

    @Test
    void leavesItsArgumentsUnchanged() throws Exception {
        JsonNode target = json("{'a':{'b':1}}");
        JsonNode patch = json("{'a':{'c':2}}");
        MergePatch.apply(target, patch);
        assertThat(target).isEqualTo(json("{'a':{'b':1}}"));
        assertThat(patch).isEqualTo(json("{'a':{'c':2}}"));
    }

    private static JsonNode json(String singleQuoted) throws Exception {
        return M.readTree(singleQuoted.trim().replace('`', '"').replace('\'', '"'));
    }
}
