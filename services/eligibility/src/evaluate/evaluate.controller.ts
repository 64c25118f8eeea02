import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { parseOrThrow } from '@benefits/http';
import { evaluate, evaluateRequestSchemaFor, shippedPacks, type EnginePack } from '@benefits/benefits';

let packs: ReadonlyMap<string, EnginePack> | null = null;

/** The shipped rule packs, loaded on the first what-if request and kept for the life of the process. */
function whatIfPacks(): ReadonlyMap<string, EnginePack> {
  packs ??= shippedPacks();
  return packs;
}

/**
 * 试算 what-if: the engines on a request, against the shipped rule packs, with the full trace.
 * Open to every authenticated role; reads nothing from the store and writes nothing.
 */
@Controller('eligibility')
export class EvaluateController {
  @Post('evaluate')
  @HttpCode(200)
  evaluate(@Body() body: unknown) {
    // A benefit added as a module brings its own request schema; the shipped three share one.
    const request = parseOrThrow(evaluateRequestSchemaFor(body), body);
    return evaluate(request, whatIfPacks());
  }
}
