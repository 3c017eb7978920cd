package dev.worldlens.core;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class InvalidInputExceptionTest {

    @Test
    void theMessageNamesThePlaceTheFieldAndTheProblem() {
        assertEquals("field 'episodes': must be at least 1",
                new InvalidInputException("episodes", "must be at least 1").getMessage());
        assertEquals(Path.of("a", "b.yaml") + ": field 'k': too large",
                new InvalidInputException(Path.of("a", "b.yaml"), "k", "too large").getMessage());
        assertEquals("episode 3: field 'camera': missing",
                new InvalidInputException("episode 3", "camera", "missing").getMessage());
        assertEquals("x.yaml: no such config file",
                new InvalidInputException(Path.of("x.yaml"), null, "no such config file").getMessage());
    }

    @Test
    void withFieldKeepsEverythingButTheField() {
        Throwable cause = new IllegalStateException("io");
        InvalidInputException e = new InvalidInputException(Path.of("run"), "out", "cannot create", cause);
        InvalidInputException renamed = e.withField("--out");
        assertEquals("run: field '--out': cannot create", renamed.getMessage());
        assertEquals("--out", renamed.field());
        assertEquals(Path.of("run"), renamed.file());
        assertEquals("cannot create", renamed.problem());
        assertSame(cause, renamed.getCause());
        assertArrayEquals(e.getStackTrace(), renamed.getStackTrace());

        InvalidInputException where = new InvalidInputException("study config", "family", "unknown family 'x'");
        assertEquals("study config: field 'families[2].family': unknown family 'x'",
                where.withField("families[2].family").getMessage());
    }

    @Test
    void renamedMapsOnlyTheFieldsItKnows() {
        InvalidInputException e = new InvalidInputException("probe", "unknown probe 'lasso'");
        assertEquals("field 'probe.kinds': unknown probe 'lasso'",
                e.renamed(Map.of("probe", "probe.kinds")).getMessage());
        assertSame(e, e.renamed(Map.of("split", "--split")));
        InvalidInputException noField = new InvalidInputException(Path.of("x.yaml"), null, "no such config file");
        assertSame(noField, noField.renamed(Map.of("config", "--config")));
    }
}
