/**
 * Technician commands for a controller in the field: {@code provision} (set up a device and prove it can pull and
 * verify its playlist before anything is written) and {@code doctor} (say, finding by finding, whether the wall can
 * play and what to do about it). Messages are in English or Indonesian ({@code Ops.properties}, {@code Ops_id.properties}).
 *
 * <p>Everything that touches the operating system goes through {@link id.layar.agent.ops.Host}, whose roots
 * ({@code /}, {@code /sys}, {@code /dev}, {@code /run}, {@code /etc}) tests relocate into a temp folder.
 */
package id.layar.agent.ops;
