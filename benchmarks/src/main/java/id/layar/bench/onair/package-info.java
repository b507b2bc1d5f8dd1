/**
 * Issue #6's benchmark: publish to on-air latency for a fleet of real agents in one JVM, against a real Mosquitto and
 * the packager's origin, with a "channel updated" notification and with polling only. Not JMH (a distributed latency
 * is not a method call): {@link id.layar.bench.onair.PublishLatency} runs it and prints a markdown table; figures
 * and the command are in docs/benchmarks.md.
 */
package id.layar.bench.onair;
