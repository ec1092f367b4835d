/**
 * The OpenAPI 3.1 document served at /api/v1/openapi.json. Each capability contributes its paths from its
 * own `openapi.ts` (listed in `sections` below), so the document lives beside the code it describes.
 */
import { eventPaths, eventSchemas } from '$lib/server/events/openapi';
import { delegatePaths, delegateSchemas } from '$lib/server/delegates/openapi';
import { checkinPaths, checkinSchemas } from '$lib/server/checkin/openapi';
import { invitationPaths, invitationSchemas } from '$lib/server/invitations/openapi';

import { budgetPaths, budgetSchemas } from '$lib/server/budget/openapi';
import { submissionPaths, submissionSchemas } from '$lib/server/submissions/openapi';
import { awardPaths, awardSchemas } from '$lib/server/awards/openapi';
import { errorSchema } from './helpers';

type Obj = Record<string, unknown>;

interface Section {
	paths: Obj;
	schemas: Obj;
}

const sections: Section[] = [{ paths: eventPaths, schemas: eventSchemas }, { paths: delegatePaths, schemas: delegateSchemas }, { paths: invitationPaths, schemas: invitationSchemas }, { paths: checkinPaths, schemas: checkinSchemas }, { paths: budgetPaths, schemas: budgetSchemas }, { paths: awardPaths, schemas: awardSchemas }, { paths: submissionPaths, schemas: submissionSchemas }];

export function openApiDocument(serverUrl: string): Obj {
	const paths: Obj = {};
	const schemas: Obj = { Error: errorSchema };
	for (const s of sections) {
		Object.assign(paths, s.paths);
		Object.assign(schemas, s.schemas);
	}
	return {
		openapi: '3.1.0',
		info: {
			title: 'Hội Nghị API',
			version: '1.0.0',
			description:
				'API của Hội Nghị: quản lý hội nghị sơ kết, tổng kết phong trào thi đua. Xác thực bằng khóa API cá nhân ' +
				'(quản trị viên cấp và thu hồi): `Authorization: Bearer hn_…`. Lỗi trả về JSON `{ error: { code, message } }` với `code` ổn định.'
		},
		servers: [{ url: `${serverUrl}/api/v1` }],
		security: [{ bearerAuth: [] }],
		components: {
			securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'Khóa API cá nhân hn_…' } },
			schemas
		},
		paths
	};
}
