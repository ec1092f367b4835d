/**
 * Tests that read PDFs with poppler-utils or convert with LibreOffice skip on a developer machine without
 * those tools, so a missing tool is not mistaken for a broken product. In CI (`CI` set, as `.ci/run` does,
 * after installing them) a missing tool is an error instead: no test may pass there by skipping itself.
 */
export function toolPresent(what: string, present: boolean): boolean {
	if (!present && process.env.CI)
		throw new Error(`${what} là bắt buộc khi chạy CI (.ci/run cài nó): không được bỏ qua bài kiểm tra vì thiếu công cụ`);
	return present;
}
