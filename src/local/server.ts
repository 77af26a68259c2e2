/**
 * One HTTP server on 127.0.0.1 for every emulated service. It routes each request to the first service
 * that claims it, and applies what must hold for all of them alike: the transitions due on the clock, the
 * faults (latency, rate limits, scripted errors) and the request log, which records every call, including
 * the ones that were throttled or rejected.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultController } from './faults.ts';
import {
  awsJsonError,
  isRecord,
  restJsonError,
  type SandboxRequest,
  type SandboxResponse,
  type SandboxService,
  ServiceError,
  throttlingError,
  UNKNOWN_OPERATION,
} from './service.ts';
import type { SandboxStore } from './store.ts';

export interface RequestLogEntry {
  readonly service: string;
  readonly operation: string;
  /** Sandbox-clock time (ms) when the call was answered. */
  readonly at: number;
  readonly status: number;
  /** The AWS error code (namespace stripped) when the call failed. */
  readonly errorCode?: string;
  /** The parsed request body of JSON protocols. */
  readonly input?: unknown;
  /** Real milliseconds spent answering, injected latency included. */
  readonly durationMs: number;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function toSandboxRequest(req: IncomingMessage, body: string): SandboxRequest {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const target = headers['x-amz-target'];
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    body,
    ...(target === undefined ? {} : { target }),
  };
}

function parseInput(body: string): unknown {
  if (body.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(body);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function errorCodeOf(code: string): string {
  return code.slice(code.lastIndexOf('#') + 1);
}

function render(service: SandboxService | undefined, error: ServiceError): SandboxResponse {
  return service?.renderError?.(error) ?? awsJsonError(error.status, error.code, error.message);
}

/** A bug in an emulated service: reported to the client as AWS reports its own, and on stderr. */
function internalFailure(where: string, e: unknown): ServiceError {
  process.stderr.write(
    `sandbox: ${where} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  );
  return new ServiceError('InternalFailure', `The sandbox failed in ${where}: ${String(e)}`, 500);
}

function unmatched(req: SandboxRequest): { response: SandboxResponse; operation: string } {
  if (req.target !== undefined) {
    const json = req.headers['content-type']?.includes('1.0') ? '1.0' : '1.1';
    return {
      operation: req.target,
      response: awsJsonError(400, UNKNOWN_OPERATION, `No service handles target ${req.target}.`, json),
    };
  }
  return {
    operation: `${req.method} ${req.path}`,
    response: restJsonError(
      404,
      'UnknownOperationException',
      `No service handles ${req.method} ${req.path}.`,
    ),
  };
}

export class SandboxServer {
  private readonly services: SandboxService[] = [];
  private readonly server: Server;

  constructor(
    private readonly store: SandboxStore,
    private readonly faults: FaultController,
    private readonly log: RequestLogEntry[],
  ) {
    this.server = createServer((req, res) => {
      this.respond(req, res).catch((e: unknown) => {
        process.stderr.write(`sandbox: failed to answer ${req.method} ${req.url}: ${String(e)}\n`);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
  }

  register(service: SandboxService): void {
    this.services.push(service);
  }

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        const address: AddressInfo | string | null = this.server.address();
        if (address === null || typeof address === 'string') reject(new Error('sandbox has no TCP address'));
        else resolve(address.port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((e) => (e ? reject(e) : resolve()));
      // SDK clients keep connections alive; without this, close() waits for them to time out.
      this.server.closeAllConnections();
    });
  }

  private async respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const request = toSandboxRequest(req, await readBody(req));
    const input = parseInput(request.body);
    const service = this.services.find((s) => s.matches(request));
    let response: SandboxResponse;
    let operation: string;
    let errorCode: string | undefined;
    if (service === undefined) {
      ({ response, operation } = unmatched(request));
      errorCode = 'UnknownOperationException';
    } else {
      operation = service.operationOf(request);
      const latency = this.faults.latencyFor(service.name, operation);
      if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
      try {
        this.store.tick();
        if (!this.faults.admit(service.name, operation)) {
          throw service.throttlingError?.() ?? throttlingError();
        }
        const scripted = this.faults.takeScriptedError(service.name, operation, input);
        if (scripted !== undefined) throw scripted;
        response = await service.handle(request);
      } catch (e) {
        const error = e instanceof ServiceError ? e : internalFailure(`${service.name}.${operation}`, e);
        response = render(service, error);
        errorCode = errorCodeOf(error.code);
      }
    }
    this.log.push({
      service: service?.name ?? 'unknown',
      operation,
      at: this.store.clock.now(),
      status: response.status,
      ...(errorCode === undefined ? {} : { errorCode }),
      ...(input === undefined ? {} : { input }),
      durationMs: performance.now() - started,
    });
    const body = Buffer.from(response.body, 'utf8');
    res.writeHead(response.status, { ...response.headers, 'content-length': String(body.length) });
    res.end(body);
  }
}
