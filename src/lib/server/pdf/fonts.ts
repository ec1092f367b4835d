// The four Tinos faces (Times New Roman metrics), pre-subset with harfbuzz to Latin + Vietnamese
// (scripts/gen-fonts.mjs; STACK.md P12).
//
// Why `?inline` and not readFile(new URL('./fonts/…', import.meta.url)): the import is resolved by
// Vite, so the same bytes reach vitest, scripts run through Vite's module runner and the
// adapter-node bundle (where the .ttf files are not copied next to the server chunks). The
// price is ~230 KB of base64 in the server bundle, decoded once per process.
import regularUrl from './fonts/tinos-regular.ttf?inline';
import boldUrl from './fonts/tinos-bold.ttf?inline';
import italicUrl from './fonts/tinos-italic.ttf?inline';
import boldItalicUrl from './fonts/tinos-bold-italic.ttf?inline';

export type FontFace = 'regular' | 'bold' | 'italic' | 'boldItalic';

export type FontBytes = Readonly<Record<FontFace, Uint8Array>>;

const urls: Record<FontFace, string> = {
	regular: regularUrl,
	bold: boldUrl,
	italic: italicUrl,
	boldItalic: boldItalicUrl
};

// Immutable data shared by every request: decoding once per process is safe (no per-user state).
let cache: FontBytes | null = null;

function decodeDataUrl(face: FontFace, url: string): Uint8Array {
	const comma = url.indexOf(',');
	if (!url.startsWith('data:') || comma < 0 || !url.slice(0, comma).endsWith(';base64')) {
		throw new Error(
			`Font ${face}: expected a base64 data URL from ?inline, got "${url.slice(0, 40)}"`
		);
	}
	const bytes = new Uint8Array(Buffer.from(url.slice(comma + 1), 'base64'));
	// A TrueType file starts with 0x00010000 ("true" is also legal for old Apple fonts).
	const tag =
		bytes.length >= 4 ? (bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3] : 0;
	if (tag !== 0x00010000 && tag !== 0x74727565) {
		throw new Error(`Font ${face}: decoded ${bytes.length} bytes are not a TrueType font`);
	}
	return bytes;
}

/** Returns the four Tinos TTF files as bytes, decoded once per process. */
export function loadFontBytes(): FontBytes {
	if (!cache) {
		cache = Object.freeze({
			regular: decodeDataUrl('regular', urls.regular),
			bold: decodeDataUrl('bold', urls.bold),
			italic: decodeDataUrl('italic', urls.italic),
			boldItalic: decodeDataUrl('boldItalic', urls.boldItalic)
		});
	}
	return cache;
}
