import { api } from '$lib/server/http';
import { db } from '$lib/server/db';
import { budgetAccess } from '$lib/server/budget/api';
import { budgetReport, parseReportName } from '$lib/server/budget/exports';
import { downloadResponse } from '$lib/server/budget/receipts';
import type { RequestHandler } from './$types';

/** du-toan.xlsx, du-toan.pdf, quyet-toan.xlsx, quyet-toan.pdf */
export const GET: RequestHandler = api(async ({ params }, principal) => {
	const eventId = await budgetAccess(principal, params.eventId, 'budget.view');
	const { kind, format } = parseReportName(params.file ?? '');
	const f = await budgetReport(db(), principal, eventId, kind, format);
	return downloadResponse(f.bytes, f.fileName, f.contentType);
});
