/**
 * Items to pixels at the panel's geometry. The same code runs in the packager (making blobs and previews)
 * and on the device (showing them), so what staff preview is what the wall shows.
 *
 * <p>The packager draws text once: {@link id.layar.render.SlideRenderer} and
 * {@link id.layar.render.TickerRenderer#strip} with the bundled {@link id.layar.render.Fonts}, and fits images with
 * {@link id.layar.render.ImageFitter}; the results become PNG blobs ({@link id.layar.render.Png}). The device
 * only decodes those blobs and copies pixels ({@link id.layar.render.ItemRenderer}), allocation-free per frame,
 * onto a {@link id.layar.render.PanelPort}. No hardware, no network, no files except blobs read through
 * {@link id.layar.render.BlobSource} and the bundled font.
 */
package id.layar.render;
