// Pre-subsets Tinos (Times New Roman metrics, OFL-1.1) to Latin + Vietnamese with harfbuzz.
// Why: pdf-lib's own subsetting corrupts full Google TTFs (STACK.md P12); a harfbuzz subset embeds cleanly.
// The output is committed (src/lib/server/pdf/fonts); run again only to change the character ranges.
import { readFile, writeFile, copyFile } from 'node:fs/promises';
import subsetFont from 'subset-font';

const ranges = [
	[0x20, 0x7e], [0xa0, 0xff], [0x102, 0x103], [0x110, 0x111], [0x128, 0x129], [0x168, 0x169],
	[0x1a0, 0x1a1], [0x1af, 0x1b0], [0x300, 0x303], [0x309, 0x309], [0x323, 0x323], [0x1ea0, 0x1ef9],
	[0x2013, 0x2014], [0x2018, 0x201e], [0x2022, 0x2022], [0x2026, 0x2026], [0x2116, 0x2116], [0x20ab, 0x20ab],
	[0x2190, 0x2193], [0x2713, 0x2713]
];
let chars = '';
for (const [a, b] of ranges) for (let c = a; c <= b; c++) chars += String.fromCodePoint(c);

const root = 'node_modules/@expo-google-fonts/tinos';
const faces = {
	'tinos-regular.ttf': '400Regular/Tinos_400Regular.ttf',
	'tinos-bold.ttf': '700Bold/Tinos_700Bold.ttf',
	'tinos-italic.ttf': '400Regular_Italic/Tinos_400Regular_Italic.ttf',
	'tinos-bold-italic.ttf': '700Bold_Italic/Tinos_700Bold_Italic.ttf'
};
for (const [out, src] of Object.entries(faces)) {
	const buf = await readFile(`${root}/${src}`);
	const sub = await subsetFont(buf, chars, { targetFormat: 'truetype' });
	await writeFile(`src/lib/server/pdf/fonts/${out}`, sub);
	console.log(out, buf.length, '→', sub.length);
}
await copyFile(`${root}/LICENSE_FONT`, 'src/lib/server/pdf/fonts/LICENSE-Tinos-OFL.txt');
