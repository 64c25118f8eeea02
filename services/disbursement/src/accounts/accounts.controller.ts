import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Req } from '@nestjs/common';
import type { IncomingMessage as Request } from 'node:http';
import type { Actor } from '@benefits/kernel';
import { CurrentActor } from '@benefits/identity';
import { READ_MODELS, SERVICE_RUNTIME, VaultConnection, parseOrThrow, type ServiceRuntime } from '@benefits/http';
import type { ReadModels } from '@benefits/read-store';
import { assertMay } from '../access';
import type { AccountEvidence } from './account';
import { AccountErrors } from './accounts.errors';
import { AccountsHandler } from './accounts.handler';
import { CloseAccountSchema, PutAccountSchema } from './accounts.schemas';
import { commandContext as context } from '../http-context';

/**
 * 一卡通 accounts: parse, check access, call the handler. Division scope: the body names the
 * division of the case the person belongs to and the caller must act for it; a change or closure
 * of an account on file also needs the division it was recorded for. Reads are checked against
 * the recorded division. Nothing here logs or returns the clear account.
 */
@Controller('disbursement/accounts')
export class AccountsController {
  private readonly accounts: AccountsHandler;

  constructor(@Inject(SERVICE_RUNTIME) runtime: ServiceRuntime, @Inject(READ_MODELS) readModels: ReadModels, @Inject(VaultConnection) vault: VaultConnection) {
    this.accounts = new AccountsHandler(runtime.store, readModels, () => vault.vault());
  }

  /** Records the person's account, or changes the one on file (reason required); the same account again writes nothing. */
  @Put(':personRef')
  @HttpCode(200)
  async put(@CurrentActor() actor: Actor, @Req() request: Request, @Param('personRef') personRef: string, @Body() body: unknown) {
    const input = parseOrThrow(PutAccountSchema, body);
    assertMay(actor, 'recordAccount', input.divisionCode);
    return this.accounts.put(
      personRef,
      { divisionCode: input.divisionCode, account: input.account, evidence: input.evidence as AccountEvidence, reason: input.reason },
      context(actor, request),
      (recorded) => assertMay(actor, 'recordAccount', recorded),
    );
  }

  @Post(':personRef/close')
  @HttpCode(200)
  async close(@CurrentActor() actor: Actor, @Req() request: Request, @Param('personRef') personRef: string, @Body() body: unknown) {
    const input = parseOrThrow(CloseAccountSchema, body);
    assertMay(actor, 'recordAccount', input.divisionCode);
    return this.accounts.close(
      personRef,
      { divisionCode: input.divisionCode, evidence: input.evidence as AccountEvidence, reason: input.reason ?? '' },
      context(actor, request),
      (recorded) => assertMay(actor, 'recordAccount', recorded),
    );
  }

  /** The account, masked. */
  @Get(':personRef')
  async read(@CurrentActor() actor: Actor, @Param('personRef') personRef: string) {
    // The role first, so a caller who may not read accounts cannot learn whether one exists.
    assertMay(actor, 'readAccount', actor.divisionCode);
    const account = await this.accounts.read(personRef);
    if (!account) throw AccountErrors.ACCOUNT_NOT_FOUND({ personRef });
    assertMay(actor, 'readAccount', account.divisionCode);
    return account;
  }
}
