/**
 * A row number of an import preview as people read it. With several sheets read, the k-th sheet's rows are
 * numbered from its `rowOffset`; this gives back the sheet's name and its Excel row.
 */
export function sheetRowOf(sheets: { name: string; rowOffset: number }[], n: number): { sheet: string | null; row: number } {
	if (sheets.length < 2) return { sheet: null, row: n };
	const s = [...sheets].reverse().find((x) => n > x.rowOffset) ?? sheets[0];
	return { sheet: s.name, row: n - s.rowOffset };
}
