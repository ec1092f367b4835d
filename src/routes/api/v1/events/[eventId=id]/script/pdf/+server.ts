import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { pdfResponse, scriptPdfFor } from '$lib/server/programme/pdf';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ params }, principal) =>
	pdfResponse(await scriptPdfFor(db(), principal, apiIdParam(params.eventId)), 'kich-ban-dan-chuong-trinh.pdf')
);
