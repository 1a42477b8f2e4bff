package dev.dslc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DatasetTest {

    /** Example i has input {i, -i} and target {10 i}, so every row says which example it is. */
    private static Dataset numbered(int size) {
        return new Dataset(
                IntStream.range(0, size).mapToObj(i -> new double[] {i, -i}).toArray(double[][]::new),
                IntStream.range(0, size).mapToObj(i -> new double[] {10 * i}).toArray(double[][]::new));
    }

    /** Which examples of {@link #numbered} a data set holds, in its order; checks targets still match. */
    private static int[] examples(Dataset data) {
        int[] examples = new int[data.size()];
        for (int i = 0; i < data.size(); i++) {
            examples[i] = (int) data.input(i)[0];
            assertEquals(10.0 * examples[i], data.target(i)[0], "example " + i + " lost its target");
        }
        return examples;
    }

    private static int[] sorted(int[]... parts) {
        return Arrays.stream(parts).flatMapToInt(Arrays::stream).sorted().toArray();
    }

    @Test
    void split_cutsRoundFractionTimesSizeForTest_andTheRestForTrain() {
        Dataset.Split parts = numbered(10).split(0.25, 42L);
        assertEquals(3, parts.test().size(), "round(2.5) = 3, as the trainer rounds");
        assertEquals(7, parts.train().size());
        assertArrayEquals(IntStream.range(0, 10).toArray(), sorted(examples(parts.train()), examples(parts.test())),
                "every example lands in exactly one part");
        assertEquals(0, numbered(10).split(0.0, 1L).test().size());
        assertEquals(10, numbered(10).split(1.0, 1L).test().size());
    }

    @Test
    void split_sameSeedSameParts_otherSeedOthers() {
        Dataset data = numbered(50);
        assertArrayEquals(examples(data.split(0.2, 7L).test()), examples(data.split(0.2, 7L).test()));
        assertFalse(Arrays.equals(examples(data.split(0.2, 7L).test()), examples(data.split(0.2, 8L).test())));
    }

    @Test
    void split_holdsOutWhatTheTrainerHoldsOut_soItsEvaluationIsTheTrainersHeldOutFigure() {
        Dataset data = TrainerTest.separable(200, 1L);
        LogisticRegression model = new LogisticRegression(2);
        EpochResult last = Trainer.builder(new Adam(0.1)).epochs(5).batchSize(16).heldOutFraction(0.25).seed(3L)
                .build().train(model, data).lastEpoch();

        Dataset test = data.split(0.25, 3L).test();
        Evaluation evaluation = Evaluation.of(model, test);

        assertEquals(50, test.size());
        // equal to the last bit: the same examples, summed in the same order
        assertEquals(last.heldOutLoss(), evaluation.loss(), 0.0);
        assertEquals(last.heldOutAccuracy(), evaluation.accuracy(), 0.0);
        assertFalse(last.heldOutLoss() == Evaluation.of(model, data.split(0.25, 4L).test()).loss(),
                "another seed holds out other examples");
    }

    @Test
    void split_refusesAFractionOutsideZeroToOne() {
        Dataset data = numbered(4);
        assertEquals("test fraction must be in [0, 1], was 1.5",
                assertThrows(IllegalArgumentException.class, () -> data.split(1.5, 0L)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> data.split(-0.1, 0L));
        assertThrows(IllegalArgumentException.class, () -> data.split(Double.NaN, 0L));
    }

    @Test
    void shuffle_isAPermutation_seeded_andTheOrderSplitTrainsIn() {
        Dataset data = numbered(20);
        int[] order = examples(data.shuffle(5L));
        assertArrayEquals(IntStream.range(0, 20).toArray(), sorted(order));
        assertFalse(Arrays.equals(IntStream.range(0, 20).toArray(), order), "20 examples left in place");
        assertArrayEquals(order, examples(data.shuffle(5L)));
        assertFalse(Arrays.equals(order, examples(data.shuffle(6L))));
        assertArrayEquals(order, examples(data.split(0.0, 5L).train()), "one seed, one order");
    }

    @Test
    void subset_takesARangeOrIndices_sharingTheRows() {
        Dataset data = numbered(6);
        assertArrayEquals(new int[] {2, 3, 4}, examples(data.subset(2, 5)));
        assertEquals(0, data.subset(3, 3).size());
        assertArrayEquals(new int[] {5, 0, 5}, examples(data.subset(new int[] {5, 0, 5})));
        assertSame(data.input(5), data.subset(new int[] {5}).input(0), "rows are shared, not copied");
    }

    @Test
    void subset_refusesIndicesOutOfRange() {
        Dataset data = numbered(6);
        assertEquals("range [4, 7) is not within the 6 examples",
                assertThrows(IllegalArgumentException.class, () -> data.subset(4, 7)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> data.subset(3, 2));
        assertThrows(IllegalArgumentException.class, () -> data.subset(-1, 2));
        assertEquals("index 6 (at position 1) is out of range: there are 6 examples",
                assertThrows(IllegalArgumentException.class, () -> data.subset(new int[] {0, 6})).getMessage());
        assertThrows(IllegalArgumentException.class, () -> data.subset(new int[] {-1}));
    }
}
