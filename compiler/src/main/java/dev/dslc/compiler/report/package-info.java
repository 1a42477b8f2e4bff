/**
 * What {@code dslc train} shows of a training run, apart from the command
 * that runs it: the progress lines on standard error
 * ({@link dev.dslc.compiler.report.ProgressReport}), the table of gradient
 * norms ({@link dev.dslc.compiler.report.GradientNormTable}), the SVG plot of
 * the loss curves ({@link dev.dslc.compiler.report.LossCurves}) and the short
 * number format they share ({@link dev.dslc.compiler.report.NumberText}). The
 * {@code cli} package keeps argument parsing and the commands.
 */
package dev.dslc.compiler.report;
