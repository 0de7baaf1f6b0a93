import type { Api, OperationId } from '../../../shared/api';
import type { BodyOf, Endpoint, ParamsOf, QueryOf, ResponseOf } from '../../../shared/api/endpoint';
import type { CreateOptions, WriteCondition } from '../../../shared/domain/directory';
import type { Directory, SelfService } from '../../services/directory/directory';
import type { InvitationAcceptance } from '../../services/directory/local/localDirectory';
import type { Principal, SignInService } from '../../services/signIn/signInService';

/** A request as a handler sees it: everything already checked against its endpoint's declaration. */
export interface CallContext<E extends Endpoint> {
  params: ParamsOf<E>;
  query: QueryOf<E>;
  body: BodyOf<E>;
  principal: E['permission'] extends 'public' ? null : Principal;
  /** The client's IP address (from X-Forwarded-For behind a trusted proxy). */
  clientAddress: string;
  /** From If-Match, for endpoints of a versioned resource. */
  condition: WriteCondition;
  /** From Idempotency-Key, for idempotent creates. */
  createOptions: CreateOptions;
}

export type Handler<E extends Endpoint> = (context: CallContext<E>) => Promise<ResponseOf<E>>;

export type HandlersOf<G extends Readonly<Record<string, Endpoint>>> = { [K in keyof G]: Handler<G[K]> };
/** The server's implementation of every endpoint: TypeScript refuses to build while one is missing. */
export type ApiHandlers = { [K in OperationId]: Handler<Api[K]> };

/** What the handlers work with. They reach the instance only through the Directory and sign-in. */
export interface HandlerDeps {
  directory: Directory & SelfService & InvitationAcceptance;
  signIn: SignInService;
  /** What GET /api/health tells: who the server is, and whether it has a mail server for invitations. */
  info: { name: string; version: string; mail: boolean };
  /** The server's clock. */
  now: () => Date;
}
