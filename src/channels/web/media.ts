/**
 * How a lesson's media is shown on a page or in an email: an image inline, a video file in a
 * player with a link beside it, anything else (a video site, a document) as a link. Nothing
 * is embedded from other sites, so pages need no script and leak no token to a player.
 */
import { html, isWebAddress, type SafeHtml } from './html.ts';

export type MediaKind = 'image' | 'video' | 'link';

const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif'];
const VIDEO_EXTENSIONS = ['.mp4', '.webm', '.m4v', '.mov'];

/** undefined for an address that is not http(s): it is never put into a page. */
export function mediaKindOf(mediaUrl: string): MediaKind | undefined {
  if (!isWebAddress(mediaUrl)) return undefined;
  const path = new URL(mediaUrl).pathname.toLowerCase();
  if (IMAGE_EXTENSIONS.some((extension) => path.endsWith(extension))) return 'image';
  if (VIDEO_EXTENSIONS.some((extension) => path.endsWith(extension))) return 'video';
  return 'link';
}

/** The media element of a web page. */
export function mediaHtml(mediaUrl: string | undefined): SafeHtml | undefined {
  if (!mediaUrl) return undefined;
  switch (mediaKindOf(mediaUrl)) {
    case 'image':
      return html`<img class="media" src="${mediaUrl}" alt="Lesson image" loading="lazy" />`;
    case 'video':
      return html`<video class="media" src="${mediaUrl}" controls preload="none"></video>
        <p><a href="${mediaUrl}" rel="noopener noreferrer">Open the video</a></p>`;
    case 'link':
      return html`<p>
        <a class="media-link" href="${mediaUrl}" rel="noopener noreferrer"
          >Watch or open the lesson media</a
        >
      </p>`;
    case undefined:
      return undefined;
  }
}
