/** OpenAPI paths for the budget: sources, lines, entries, norms, the summary and the reports. */
import { errorResponses, idParameter } from '$lib/server/api/helpers';

const json = (schema: object) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const ev = idParameter('eventId', 'Mã hội nghị');
const money = (description: string) => ({ type: 'integer', description: `${description} (đồng, số nguyên)` });
const CATEGORIES = ['hall', 'decoration', 'sound_light', 'printing', 'refreshments', 'meals', 'travel', 'certificates', 'prizes', 'culture', 'media', 'other'];

const overLimit = {
	'409': {
		description:
			'budget_over_limit: vượt định mức hoặc vượt số kinh phí được giao. `error.details.warnings` liệt kê cảnh báo; gửi lại kèm `overReason` để lưu (lý do được ghi vào nhật ký). Các mã khác: line_has_expenses, already_reversed, cannot_reverse_reversal, source_in_use, receipt_exists.',
		content: json(ref('Error'))
	}
};

export const budgetSchemas = {
	FundingSourceInput: {
		type: 'object',
		properties: {
			name: { type: 'string', examples: ['Kinh phí Dự án 7 – Chương trình MTQG giảm nghèo bền vững'] },
			fundType: { type: 'string', enum: ['programme', 'emulation_fund', 'unit_budget', 'other'] },
			decisionNo: { type: 'string', examples: ['2845/QĐ-UBND'] },
			decisionDate: { type: ['string', 'null'], format: 'date' },
			issuer: { type: 'string' },
			amount: money('Số kinh phí được giao'),
			notes: { type: 'string' },
			overReason: { type: 'string', description: 'Khi giảm số được giao xuống dưới số đã lập dự toán / đã chi' }
		}
	},
	FundingSource: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			name: { type: 'string' },
			fundType: { type: 'string' },
			decisionNo: { type: 'string' },
			decisionDate: { type: ['string', 'null'], format: 'date' },
			issuer: { type: 'string' },
			allocated: money('Được giao'),
			estimated: money('Dự toán'),
			spent: money('Đã chi'),
			remaining: money('Còn lại = được giao − đã chi')
		}
	},
	BudgetLineInput: {
		type: 'object',
		properties: {
			fundingSourceId: { type: 'integer', description: 'Một nguồn cho mỗi khoản chi' },
			category: { type: 'string', enum: CATEGORIES },
			description: { type: 'string' },
			unit: { type: 'string' },
			quantity: { type: ['number', 'string'], description: 'Tối đa 2 chữ số thập phân; thành tiền = round(số lượng × đơn giá), làm tròn 0,5 lên' },
			unitPrice: money('Đơn giá'),
			normId: { type: ['integer', 'null'] },
			notes: { type: 'string' },
			derivedFrom: { type: ['string', 'null'], description: "null | 'attendance' | 'letters' | 'booklet' | 'certificates' | 'awards:<quỹ>'" },
			derivedParams: { type: 'object', properties: { tierIds: { type: 'array', items: { type: 'integer' } }, sessions: { type: 'integer' }, days: { type: 'integer' }, copies: { type: 'integer' }, letters: { type: 'string', enum: ['print', 'post'] } } },
			overReason: { type: 'string' }
		}
	},
	BudgetLine: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			code: { type: 'string', examples: ['I.3'] },
			fundingSourceId: { type: 'integer' },
			category: { type: 'string' },
			description: { type: 'string' },
			quantity: { type: 'string', examples: ['148.00'] },
			unitPrice: { type: 'integer' },
			amount: money('Thành tiền'),
			spent: money('Thực chi'),
			variance: money('Dự toán − thực chi'),
			overNorm: { type: 'boolean' },
			overReason: { type: ['string', 'null'] },
			derived: { type: ['object', 'null'], description: 'Cách tính, số liệu đã dùng, số liệu hiện tại (stale: cần tính lại)' }
		}
	},
	ExpenseInput: {
		type: 'object',
		required: ['lineId', 'spentOn', 'payee', 'voucherNo', 'description', 'amount'],
		properties: {
			lineId: { type: 'integer' },
			fundingSourceId: { type: 'integer', description: 'Tùy chọn; phải là nguồn của khoản chi' },
			spentOn: { type: 'string', format: 'date' },
			payee: { type: 'string' },
			voucherNo: { type: 'string', description: 'Số chứng từ' },
			description: { type: 'string' },
			amount: money('Số tiền (> 0)'),
			overReason: { type: 'string' }
		}
	},
	Expense: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			lineId: { type: 'integer' },
			fundingSourceId: { type: 'integer' },
			spentOn: { type: 'string', format: 'date' },
			payee: { type: 'string' },
			voucherNo: { type: 'string' },
			description: { type: 'string' },
			amount: money('Số tiền; âm với bút toán đảo'),
			reversesId: { type: ['integer', 'null'] },
			reversedById: { type: ['integer', 'null'] },
			receipt: { type: ['object', 'null'] }
		}
	},
	NormInput: {
		type: 'object',
		properties: {
			category: { type: 'string', enum: CATEGORIES },
			name: { type: 'string' },
			unit: { type: 'string', examples: ['đồng/người/ngày'] },
			maxAmount: { type: ['integer', 'null'] },
			legalBasis: { type: 'string' },
			verified: { type: 'boolean' },
			effectiveFrom: { type: ['string', 'null'], format: 'date' },
			effectiveTo: { type: ['string', 'null'], format: 'date' },
			notes: { type: 'string' },
			archived: { type: 'boolean', description: 'Chỉ khi sửa: ngừng dùng' }
		}
	}
};

const body = (name: string) => ({ required: true, content: json(ref(name)) });
const ok = (schema: object, status = '200') => ({ [status]: { description: 'OK', content: json(schema) } });
const sid = idParameter('sourceId', 'Mã nguồn kinh phí');
const lid = idParameter('lineId', 'Mã khoản chi');
const xid = idParameter('expenseId', 'Mã chứng từ');
const org = idParameter('orgId', 'Mã đơn vị');
const nid = idParameter('normId', 'Mã định mức');

export const budgetPaths = {
	'/events/{eventId}/budget': {
		get: {
			summary: 'Kinh phí: theo nguồn (được giao, dự toán, đã chi, còn lại), theo khoản, theo khoản mục, chứng từ, cảnh báo',
			operationId: 'getBudget',
			parameters: [ev],
			responses: { ...ok({ type: 'object' }), ...errorResponses(403, 404) }
		}
	},
	'/events/{eventId}/budget/sources': {
		get: { summary: 'Nguồn kinh phí', operationId: 'listFundingSources', parameters: [ev], responses: { ...ok({ type: 'object', properties: { sources: { type: 'array', items: ref('FundingSource') } } }), ...errorResponses(403, 404) } },
		post: { summary: 'Thêm nguồn kinh phí', operationId: 'createFundingSource', parameters: [ev], requestBody: body('FundingSourceInput'), responses: { ...ok(ref('FundingSource'), '201'), ...errorResponses(400, 403, 404, 409) } }
	},
	'/events/{eventId}/budget/sources/{sourceId}': {
		patch: { summary: 'Sửa nguồn kinh phí', operationId: 'updateFundingSource', parameters: [ev, sid], requestBody: body('FundingSourceInput'), responses: { ...ok(ref('FundingSource')), ...errorResponses(400, 403, 404), ...overLimit } },
		delete: { summary: 'Xóa nguồn chưa có khoản chi', operationId: 'deleteFundingSource', parameters: [ev, sid], responses: { ...ok({ type: 'object' }), ...errorResponses(403, 404, 409) } }
	},
	'/events/{eventId}/budget/lines': {
		get: { summary: 'Các khoản chi của dự toán', operationId: 'listBudgetLines', parameters: [ev], responses: { ...ok({ type: 'object', properties: { lines: { type: 'array', items: ref('BudgetLine') } } }), ...errorResponses(403, 404) } },
		post: { summary: 'Thêm khoản chi (kiểm tra định mức và số được giao)', operationId: 'createBudgetLine', parameters: [ev], requestBody: body('BudgetLineInput'), responses: { ...ok(ref('BudgetLine'), '201'), ...errorResponses(400, 403, 404), ...overLimit } }
	},
	'/events/{eventId}/budget/lines/{lineId}': {
		patch: { summary: 'Sửa khoản chi (không đổi nguồn khi đã có chứng từ)', operationId: 'updateBudgetLine', parameters: [ev, lid], requestBody: body('BudgetLineInput'), responses: { ...ok(ref('BudgetLine')), ...errorResponses(400, 403, 404), ...overLimit } },
		delete: { summary: 'Xóa khoản chi chưa có chứng từ', operationId: 'deleteBudgetLine', parameters: [ev, lid], responses: { ...ok({ type: 'object' }), ...errorResponses(403, 404, 409) } }
	},
	'/events/{eventId}/budget/recompute': {
		post: {
			summary: 'Tính lại các khoản tự tính (đại biểu, giấy mời, tài liệu, khen thưởng); { dryRun: true } chỉ báo thay đổi',
			operationId: 'recomputeBudgetLines',
			parameters: [ev],
			requestBody: { content: json({ type: 'object', properties: { dryRun: { type: 'boolean' }, overReason: { type: 'string' } } }) },
			responses: { ...ok({ type: 'object' }), ...errorResponses(403, 404), ...overLimit }
		}
	},
	'/events/{eventId}/budget/expenses': {
		get: { summary: 'Chứng từ thực chi', operationId: 'listExpenses', parameters: [ev], responses: { ...ok({ type: 'object', properties: { expenses: { type: 'array', items: ref('Expense') } } }), ...errorResponses(403, 404) } },
		post: { summary: 'Ghi chứng từ thực chi (nguồn = nguồn của khoản chi)', operationId: 'createExpense', parameters: [ev], requestBody: body('ExpenseInput'), responses: { ...ok(ref('Expense'), '201'), ...errorResponses(400, 403, 404), ...overLimit } }
	},
	'/events/{eventId}/budget/expenses/{expenseId}/reversal': {
		post: {
			summary: 'Đảo bút toán: ghi một dòng âm đúng bằng chứng từ gốc (mỗi chứng từ đảo tối đa một lần)',
			operationId: 'reverseExpense',
			parameters: [ev, xid],
			requestBody: { required: true, content: json({ type: 'object', required: ['spentOn', 'voucherNo', 'reason'], properties: { spentOn: { type: 'string', format: 'date' }, voucherNo: { type: 'string' }, reason: { type: 'string' } } }) },
			responses: { ...ok(ref('Expense'), '201'), ...errorResponses(400, 403, 404, 409) }
		}
	},
	'/events/{eventId}/budget/expenses/{expenseId}/receipt': {
		get: { summary: 'Tải bản quét chứng từ (attachment)', operationId: 'getExpenseReceipt', parameters: [ev, xid], responses: { '200': { description: 'Tệp JPEG, PNG hoặc PDF' }, ...errorResponses(403, 404) } },
		put: {
			summary: 'Đính kèm bản quét (JPEG, PNG, PDF theo nội dung; tối đa 10 MB); thân yêu cầu là nội dung tệp, ?name= tên tệp',
			operationId: 'putExpenseReceipt',
			parameters: [ev, xid, { name: 'name', in: 'query', schema: { type: 'string' } }],
			requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
			responses: { ...ok(ref('Expense')), ...errorResponses(400, 403, 404, 409, 413) }
		}
	},
	'/events/{eventId}/budget/exports/{file}': {
		get: {
			summary: 'Dự toán / quyết toán: du-toan.xlsx, du-toan.pdf, quyet-toan.xlsx, quyet-toan.pdf',
			operationId: 'getBudgetReport',
			parameters: [ev, { name: 'file', in: 'path', required: true, schema: { type: 'string', enum: ['du-toan.xlsx', 'du-toan.pdf', 'quyet-toan.xlsx', 'quyet-toan.pdf'] } }],
			responses: { '200': { description: '.xlsx (công thức, định dạng #,##0) hoặc PDF' }, ...errorResponses(403, 404) }
		}
	},
	'/organisations/{orgId}/norms': {
		get: { summary: 'Định mức chi của đơn vị', operationId: 'listNorms', parameters: [org, { name: 'archived', in: 'query', schema: { type: 'boolean' } }], responses: { ...ok({ type: 'object' }), ...errorResponses(403, 404) } },
		post: { summary: 'Thêm định mức', operationId: 'createNorm', parameters: [org], requestBody: body('NormInput'), responses: { ...ok({ type: 'object' }, '201'), ...errorResponses(400, 403, 404) } }
	},
	'/organisations/{orgId}/norms/{normId}': {
		patch: { summary: 'Sửa định mức (archived: true để ngừng dùng)', operationId: 'updateNorm', parameters: [org, nid], requestBody: body('NormInput'), responses: { ...ok({ type: 'object' }), ...errorResponses(400, 403, 404) } }
	},
	'/organisations/{orgId}/norms/seed': {
		post: { summary: 'Nạp định mức mẫu (TT 40/2017 sửa đổi bởi TT 12/2025; chỗ trống cho NQ HĐND tỉnh)', operationId: 'seedNorms', parameters: [org], responses: { ...ok({ type: 'object' }), ...errorResponses(403, 404) } }
	}
};
