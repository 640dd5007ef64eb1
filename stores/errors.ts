/** What went wrong in business terms; the API and the service tasks decide what it means for them. */
export type DomainErrorCode =
  | 'NOT_FOUND'
  | 'DUPLICATE'
  | 'IDEMPOTENCY_CONFLICT'
  | 'UNKNOWN_CLIENT'
  | 'CREDIT_LIMIT'
  | 'OUT_OF_STOCK'
  | 'OVER_SHIPMENT'
  | 'OVERPAYMENT'
  | 'OVER_CREDIT'
  | 'OVER_RETURN'
  | 'NOTHING_TO_SHIP'
  | 'NOTHING_TO_INVOICE'
  | 'INVALID_STAGE'
  | 'INVALID_STATE';

/** A rule of the CRM or ERP store refused the request; nothing was written. */
export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The HTTP status a domain error answers with (CONTRACT §2: 404 unknown id, 409 state conflict, 422 invalid). */
export function domainErrorStatus(code: DomainErrorCode): 404 | 409 | 422 {
  switch (code) {
    case 'NOT_FOUND':
      return 404;
    case 'DUPLICATE':
    case 'IDEMPOTENCY_CONFLICT':
    case 'OVER_SHIPMENT':
    case 'OUT_OF_STOCK':
      return 409;
    default:
      return 422;
  }
}
