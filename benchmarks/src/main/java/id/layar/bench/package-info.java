/**
 * JMH benchmarks. Every measurement sits beside a baseline measured in the same run (raw decode,
 * raw copy, the ffmpeg CLI), and the figures go to docs/benchmarks.md with the command that made them.
 */
package id.layar.bench;
