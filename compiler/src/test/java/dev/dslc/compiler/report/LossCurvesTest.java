package dev.dslc.compiler.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.runtime.EpochResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class LossCurvesTest {

    private static List<EpochResult> epochs(int count, double firstLoss, double lastLoss, boolean heldOut) {
        List<EpochResult> epochs = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            double loss = firstLoss * Math.pow(lastLoss / firstLoss, (i - 1.0) / Math.max(1, count - 1));
            epochs.add(new EpochResult(i, loss, 0.5 + 0.5 * i / count, heldOut ? loss * 1.1 : Double.NaN,
                    heldOut ? 0.45 + 0.5 * i / count : Double.NaN, 0.01, List.of(), List.of()));
        }
        return epochs;
    }

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void svg_isWellFormed_withLabelledAxesAndALegend() throws Exception {
        String svg = LossCurves.svg("Iris on iris.csv", "adam, lr 0.01", epochs(50, 1.1, 0.05, true));
        Document document = parse(svg);
        assertEquals("svg", document.getDocumentElement().getTagName());
        assertEquals(2, document.getElementsByTagName("polyline").getLength() / 2, "two curves in each panel");
        for (String label : List.of(">Iris on iris.csv<", ">adam, lr 0.01<", ">epoch<", ">accuracy<",
                ">training<", ">held-out<", ">100%<", "epoch 50: training loss 0.05, accuracy 100%;")) {
            assertTrue(svg.contains(label), label);
        }
    }

    @Test
    void lossFallingMoreThanThirtyFold_goesOnALogScale() {
        assertTrue(LossCurves.svg("t", "s", epochs(20, 0.7, 0.003, false)).contains(">loss (log scale)<"));
        String linear = LossCurves.svg("t", "s", epochs(20, 0.7, 0.1, false));
        assertTrue(linear.contains(">loss<") && !linear.contains("log scale"));
    }

    @Test
    void withoutHeldOutData_onlyTheTrainingCurvesAreDrawn() throws Exception {
        String svg = LossCurves.svg("t", "s", epochs(10, 1, 0.5, false));
        assertEquals(2, parse(svg).getElementsByTagName("polyline").getLength());
        assertFalse(svg.contains("held-out"));
    }

    @Test
    void fewEpochs_areMarked_manyAreNot() throws Exception {
        assertEquals(2 * 10, parse(LossCurves.svg("t", "s", epochs(10, 1, 0.5, false)))
                .getElementsByTagName("circle").getLength());
        assertEquals(0, parse(LossCurves.svg("t", "s", epochs(100, 1, 0.5, false)))
                .getElementsByTagName("circle").getLength());
    }

    @Test
    void text_isEscaped() throws Exception {
        String svg = LossCurves.svg("A<B & \"C\"", "s", epochs(3, 1, 0.5, false));
        parse(svg);
        assertTrue(svg.contains("A&lt;B &amp; &quot;C&quot;"), svg);
    }

    @Test
    void linearAxis_hasRoundTicksCoveringTheRange() {
        PlotAxis axis = PlotAxis.linear(0.013, 0.71, NumberText::format);
        assertEquals(List.of("0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8"), axis.labels());
        assertEquals(0.5, axis.fraction(0.4), 1e-12);
        assertEquals(List.of("80%", "85%", "90%", "95%", "100%"),
                PlotAxis.linear(0.8, 1, value -> NumberText.format(value * 100) + "%").labels());
    }

    @Test
    void logarithmicAxis_hasDecades_andOneTwoFiveWhenThereAreFew() {
        assertEquals(List.of("0.001", "0.01", "0.1", "1"), PlotAxis.logarithmic(0.0027, 0.71).labels());
        assertEquals(List.of("0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1"),
                PlotAxis.logarithmic(0.03, 0.7).labels());
        assertEquals(List.of("1e-6", "1e-5", "1e-4", "0.001"), PlotAxis.logarithmic(2e-6, 1e-3).labels());
    }

    @Test
    void epochAxis_hasWholeNumberTicks() {
        assertEquals(List.of("0", "1"), PlotAxis.epochs(1).labels());
        assertEquals(List.of("0", "50", "100", "150", "200", "250", "300"), PlotAxis.epochs(300).labels());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7"), PlotAxis.epochs(7).labels());
    }
}
