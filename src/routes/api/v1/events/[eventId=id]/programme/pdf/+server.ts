import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { pdfResponse, programmePdfFor } from '$lib/server/programme/pdf';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ params }, principal) =>
	pdfResponse(await programmePdfFor(db(), principal, apiIdParam(params.eventId)), 'chuong-trinh.pdf')
);
