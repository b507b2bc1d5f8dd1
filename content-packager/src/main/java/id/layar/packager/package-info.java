/**
 * The staff's command line ({@link id.layar.packager.Main}) and the domain code behind it.
 *
 * <ul>
 *   <li>{@code site}: {@link id.layar.packager.site.SiteLoader} reads and checks a site folder
 *       (docs/announcement-format.md), collecting every {@link id.layar.packager.site.Problem} with its
 *       {@code file:line:column}.</li>
 *   <li>{@code build}: {@link id.layar.packager.build.BundleBuilder} renders, signs and publishes a bundle
 *       atomically through {@link id.layar.packager.build.BundleWriter}.</li>
 *   <li>{@code keys}: {@link id.layar.packager.keys.KeyStore} creates and loads the keys folder.</li>
 *   <li>{@code serve}: {@link id.layar.packager.serve.Origin}, an embedded read-only HTTP origin for a bundle.</li>
 *   <li>{@code cli}: one small class per subcommand; exit codes in {@link id.layar.packager.ExitCodes}; messages in
 *       English and Indonesian ({@link id.layar.packager.Messages}).</li>
 * </ul>
 */
package id.layar.packager;
