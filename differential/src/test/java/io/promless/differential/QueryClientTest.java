package io.promless.differential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryClientTest {
    @Test
    void parsesVectorsWithMillisecondTimestamps() {
        QueryOutcome outcome = QueryClient.parse(200, """
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{"job":"a","__name__":"up"},"value":[1700000000.005,"NaN"]}]}}""");
        assertThat(outcome.isSuccess()).isTrue();
        assertThat(outcome.resultType()).isEqualTo("vector");
        assertThat(outcome.series()).containsExactly(new QueryOutcome.ResultSeries(Map.of("__name__", "up", "job", "a"),
                List.of(new QueryOutcome.Point(1_700_000_000_005L, "NaN"))));
    }

    @Test
    void parsesMatricesScalarsAndStrings() {
        QueryOutcome matrix = QueryClient.parse(200, """
                {"status":"success","data":{"resultType":"matrix","result":[
                  {"metric":{},"values":[[1700000000,"1"],[1700000060.5,"+Inf"]]}]}}""");
        assertThat(matrix.series().get(0).points()).containsExactly(
                new QueryOutcome.Point(1_700_000_000_000L, "1"), new QueryOutcome.Point(1_700_000_060_500L, "+Inf"));
        QueryOutcome scalar = QueryClient.parse(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1.5,\"2\"]}}");
        assertThat(scalar.series()).containsExactly(new QueryOutcome.ResultSeries(Map.of(), List.of(new QueryOutcome.Point(1500, "2"))));
        QueryOutcome string = QueryClient.parse(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1,\"x y\"]}}");
        assertThat(string.series().get(0).points().get(0).value()).isEqualTo("x y");
    }

    @Test
    void parsesErrorsAndBodiesThatAreNotJson() {
        QueryOutcome error = QueryClient.parse(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:1: parse error\"}");
        assertThat(error.isSuccess()).isFalse();
        assertThat(error.errorType()).isEqualTo("bad_data");
        assertThat(error.error()).isEqualTo("1:1: parse error");
        QueryOutcome broken = QueryClient.parse(502, "<html>bad gateway</html>");
        assertThat(broken.isSuccess()).isFalse();
        assertThat(broken.errorType()).isEqualTo("not_json");
        assertThat(broken.httpStatus()).isEqualTo(502);
    }

    @Test
    void writesTimesAsDecimalSeconds() {
        assertThat(QueryClient.seconds(1_700_000_000_000L)).isEqualTo("1700000000");
        assertThat(QueryClient.seconds(1_700_000_000_500L)).isEqualTo("1700000000.5");
        assertThat(QueryClient.seconds(15_000)).isEqualTo("15");
    }
}
