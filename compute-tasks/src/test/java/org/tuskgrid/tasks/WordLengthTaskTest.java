package org.tuskgrid.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's example task, kept compiling and working here. */
class WordLengthTaskTest {
    static final class WordLengthTask implements GridTask {
        public String name() {
            return "word-length";
        }

        public String description() {
            return "Length of each word, one job per word. Args: {\"words\": [..]}";
        }

        public void validate(JsonNode args) {
            if (!args.path("words").isArray()) {
                throw new InvalidArgumentsException("'words' must be an array of strings");
            }
        }

        public List<JsonNode> split(JsonNode args, int nodes) {
            List<JsonNode> jobs = new ArrayList<>();
            args.get("words").forEach(jobs::add);
            return jobs;
        }

        public JsonNode run(JsonNode word, JobContext ctx) {
            return IntNode.valueOf(word.asText().length());
        }

        public JsonNode reduce(JsonNode args, List<JsonNode> results) {
            ArrayNode out = Json.MAPPER.createArrayNode();
            results.forEach(out::add);
            return out;
        }
    }

    @Test
    void splitsRunsAndReducesLikeTheClusterWould() throws Exception {
        GridTask t = new WordLengthTask();
        JsonNode args = Json.parse("{\"words\":[\"grid\",\"tusk\",\"ignite\"]}");
        t.validate(args);
        List<JsonNode> results = new ArrayList<>();
        for (JsonNode job : t.split(args, 2)) {
            results.add(t.run(job, null));
        }
        assertThat(t.reduce(args, results).toString()).isEqualTo("[4,4,6]");
        assertThatThrownBy(() -> t.validate(Json.parse("{}"))).isInstanceOf(InvalidArgumentsException.class);
        assertThatThrownBy(() -> Json.parse("{x")).isInstanceOf(InvalidArgumentsException.class)
            .hasMessageStartingWith("arguments are not valid JSON");
    }
}
