package dev.dslc.compiler.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.compiler.ir.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every IR operator has its code generation: a new {@link Op} record
 * without an entry in {@link Operators} fails here, in the build, rather
 * than as an internal error when a user's model first uses it.
 */
class OperatorsTest {
    /** Leaves are read where they lie, never computed. */
    private static final Set<Class<?>> LEAVES = Set.of(Op.Variable.class, Op.Constant.class);

    @Test
    void everyOperatorOfTheIr_hasACodeGenerationEntry() {
        List<Class<?>> operators = new ArrayList<>(Arrays.asList(Op.class.getPermittedSubclasses()));
        operators.removeAll(LEAVES);

        Set<String> missing = new TreeSet<>();
        for (Class<?> operator : operators) {
            if (!Operators.defined().contains(operator)) {
                missing.add(operator.getSimpleName());
            }
        }

        assertTrue(operators.size() >= 12, "the IR's operators: " + operators);
        assertEquals(Set.of(), missing, "operators with no code generation");
    }

    @Test
    void theTable_holdsOnlyOperatorsOfTheIr() {
        Set<Class<?>> permitted = Set.of(Op.class.getPermittedSubclasses());

        for (Class<?> entry : Operators.defined()) {
            assertTrue(permitted.contains(entry) && !LEAVES.contains(entry), entry.getName());
        }
    }
}
