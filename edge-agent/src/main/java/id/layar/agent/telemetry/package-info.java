/**
 * The agent's MQTT side (issue #6): retained state and an online flag with a Last Will, durable proof of play, and
 * "channel updated" notifications that make the agent sync at once. {@link id.layar.agent.telemetry.Telemetry} is the
 * one entry point the agent wires; the topic contract is in {@code deploy/mosquitto/README.md}.
 *
 * <p>Rules of the package:
 * <ul>
 *   <li>Threading: one Vert.x context (a verticle on the agent's event loop) runs the MQTT client, timers and the
 *       drain, and never blocks; SQLite and file reads run in {@code executeBlocking} on the worker pool, the outbox
 *       through one ordered queue. No thread of its own.</li>
 *   <li>Durability: a proof-of-play record is fsynced into {@link id.layar.agent.telemetry.PlayOutbox} before it is
 *       published, and deleted only when the broker's PUBACK for it arrives; the chain head lives in the same file,
 *       so seqs are never reused and the chain never breaks across restarts, power cuts and deletes. Delivery is at
 *       least once: consumers de-duplicate by {@code device/seq}.</li>
 *   <li>Trust: a broker message carries no authority. A notification only triggers a sync (which verifies what it
 *       fetches); its content is logged, shortened and with control characters replaced, never interpreted.</li>
 *   <li>The broker being down, refusing the login or dropping the connection never stops the agent: the connection
 *       is retried in the background with jittered back-off, and every log line names the broker and the fix.</li>
 *   <li>OS paths come from an injected root ({@link id.layar.agent.telemetry.SystemFacts#at}); times for payloads from
 *       an injected {@link java.time.Clock}.</li>
 * </ul>
 */
package id.layar.agent.telemetry;
