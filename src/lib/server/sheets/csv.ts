/**
 * Text tables as offices export them: "CSV UTF-8" (with BOM), plain CSV in the Windows code page,
 * Excel's "Unicode text" (UTF-16 LE, tab separated), and semicolon CSV from locales where the
 * comma is the decimal separator.
 */
import { SheetError } from './errors';

/** Text decoded from CSV bytes, with the encoding that was used and any doubts about it. */
export interface DecodedText {
	text: string;
	encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258';
	warnings: string[];
}

/** One CSV record; `line` is the 1-based record number (a record may span several text lines). */
export interface CsvRecord {
	line: number;
	fields: string[];
}

/** Records of a CSV text and what had to be repaired to read them. */
export interface CsvParse {
	delimiter: string;
	records: CsvRecord[];
	warnings: string[];
}

/** True when the bytes look like text in one of the supported encodings rather than binary data. */
export function looksLikeText(bytes: Uint8Array): boolean {
	if (hasUtf16Bom(bytes)) return true;
	const sample = bytes.subarray(0, 8192);
	let control = 0;
	for (const b of sample) {
		if (b === 0) return false;
		// Tab, LF, FF, CR and ESC-free text; other C0 controls only appear in binary files.
		if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) control++;
	}
	return control <= sample.length / 100;
}

/** Decodes CSV bytes: BOMs decide UTF-8/UTF-16; invalid UTF-8 falls back to Windows-1258. */
export function decodeText(bytes: Uint8Array): DecodedText {
	if (bytes[0] === 0xff && bytes[1] === 0xfe) {
		return {
			text: decodeStrict('utf-16le', bytes.subarray(2)),
			encoding: 'utf-16le',
			warnings: []
		};
	}
	if (bytes[0] === 0xfe && bytes[1] === 0xff) {
		return {
			text: decodeStrict('utf-16be', bytes.subarray(2)),
			encoding: 'utf-16be',
			warnings: []
		};
	}
	const body =
		bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
	try {
		return {
			text: new TextDecoder('utf-8', { fatal: true }).decode(body),
			encoding: 'utf-8',
			warnings: []
		};
	} catch {
		// Not UTF-8: most likely "CSV (Comma delimited)" saved by a Vietnamese Windows, whose ANSI
		// code page is 1258. Its tone marks are combining characters; NFC later recomposes them.
		// A TCVN3/VNI file would decode to wrong letters here, hence the warning.
		return {
			text: decodeStrict('windows-1258', body),
			encoding: 'windows-1258',
			warnings: [
				'Tệp CSV không phải mã UTF-8, đã đọc theo bảng mã Windows-1258: ' +
					'hãy kiểm tra dấu tiếng Việt. ' +
					'Tốt nhất lưu lại bằng Excel dạng "CSV UTF-8" hoặc .xlsx'
			]
		};
	}
}

function decodeStrict(encoding: string, bytes: Uint8Array): string {
	try {
		return new TextDecoder(encoding, { fatal: true }).decode(bytes);
	} catch {
		throw new SheetError(
			'encoding',
			'Không đọc được bảng mã của tệp CSV: hãy lưu lại bằng Excel dạng "CSV UTF-8" hoặc .xlsx',
			{ encoding }
		);
	}
}

function hasUtf16Bom(bytes: Uint8Array): boolean {
	return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

const DELIMITERS = [',', ';', '\t'];

/** Picks `,` `;` or tab: the one that splits the first records into the most consistent widths. */
export function detectDelimiter(text: string): string {
	const sample = text.slice(0, 64 * 1024);
	let best = ',';
	let bestScore = 0;
	for (const d of DELIMITERS) {
		const widths = parseRecords(sample, d, 30)
			.records.filter((r) => r.fields.some((f) => f.trim() !== ''))
			.map((r) => r.fields.length);
		const counts = new Map<number, number>();
		for (const w of widths) counts.set(w, (counts.get(w) ?? 0) + 1);
		let mode = 1;
		let modeCount = 0;
		for (const [w, c] of counts) {
			if (w > 1 && (c > modeCount || (c === modeCount && w > mode))) {
				mode = w;
				modeCount = c;
			}
		}
		// Title rows above the table have one field whatever the delimiter, so only rows wider
		// than one count; among delimiters, more agreeing rows wins, then the wider table.
		const score = modeCount * 1000 + mode;
		if (modeCount > 0 && score > bestScore) {
			best = d;
			bestScore = score;
		}
	}
	return best;
}

/** Parses CSV text (RFC 4180 quotes, CRLF/LF/CR line ends); repairs an unclosed quote. */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): CsvParse {
	return { delimiter, ...parseRecords(text, delimiter, Infinity) };
}

function parseRecords(
	text: string,
	delimiter: string,
	maxRecords: number
): { records: CsvRecord[]; warnings: string[] } {
	const records: CsvRecord[] = [];
	const warnings: string[] = [];
	// Opening quotes that turned out never to close: the record is re-read without them.
	const literalQuotes = new Set<number>();
	let i = 0;
	const n = text.length;

	while (i < n && records.length < maxRecords) {
		const recordStart = i;
		const fields: string[] = [];
		let field = '';
		let fieldStart = true;
		let quoted = false;
		let quoteAt = -1;
		let ended = false;
		let restart = false;

		while (i < n) {
			const c = text[i];
			if (quoted) {
				if (c === '"') {
					if (text[i + 1] === '"') {
						field += '"';
						i += 2;
					} else {
						quoted = false;
						i++;
					}
				} else {
					field += c;
					i++;
				}
				continue;
			}
			if (fieldStart && c === '"' && literalQuotes.has(i)) {
				// A quote that never closes is noise: dropped so the name does not start with '"'.
				fieldStart = false;
				i++;
				continue;
			}
			if (fieldStart && c === '"') {
				quoted = true;
				quoteAt = i;
				fieldStart = false;
				i++;
				continue;
			}
			fieldStart = false;
			if (c === delimiter) {
				fields.push(field);
				field = '';
				fieldStart = true;
				i++;
			} else if (c === '\r' || c === '\n') {
				i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
				ended = true;
				break;
			} else {
				// A quote inside an unquoted field (5" screen) or after a closing quote is kept as is,
				// as Excel does.
				field += c;
				i++;
			}
		}
		if (quoted) {
			// The quote opened at quoteAt swallowed the rest of the file: Excel would show one giant
			// cell. Re-read this record without that quote and say so.
			literalQuotes.add(quoteAt);
			warnings.push(
				`Dòng ${records.length + 1}: dấu ngoặc kép (") không được đóng, đã bỏ dấu này khi đọc`
			);
			i = recordStart;
			restart = true;
		}
		if (restart) continue;
		fields.push(field);
		records.push({ line: records.length + 1, fields });
		if (!ended) break;
	}
	return { records, warnings };
}
