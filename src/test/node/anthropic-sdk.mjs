// Drives the official Anthropic SDK against a running llmgate's /v1/messages. Each scenario runs when the
// test gives it a model (environment variable below) and prints its outcome in one JSON object.
// Usage: node anthropic-sdk.mjs <baseURL without /v1>
import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic({ baseURL: process.argv[2], apiKey: 'client-key', maxRetries: 0, timeout: 20_000 });
const messages = [{ role: 'user', content: 'What is the weather in San Francisco?' }];
const tools = [{ name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object', properties: { location: { type: 'string' } } } }];

async function outcome(run) {
  try {
    return { ok: true, ...(await run()) };
  } catch (e) {
    return { ok: false, error: e.constructor.name, status: e.status ?? null, message: e.message, type: e.error?.error?.type ?? null };
  }
}

const blocks = (message) => message.content.map((b) => ({ type: b.type, text: b.text ?? null, thinking: b.thinking ?? null,
  signature: b.signature ?? null, name: b.name ?? null, input: b.input ?? null, id: b.id ?? null }));

const scenarios = {
  text: ['TEXT_MODEL', async (model) => {
    const message = await client.messages.create({ model, max_tokens: 256, messages });
    return { blocks: blocks(message), stop: message.stop_reason, usage: message.usage, id: message.id };
  }],
  streamToolUse: ['STREAM_TOOLS_MODEL', async (model) => {
    const stream = client.messages.stream({ model, max_tokens: 512, messages, tools });
    let events = 0;
    stream.on('streamEvent', () => { events += 1; });
    const message = await stream.finalMessage();
    return { events, blocks: blocks(message), stop: message.stop_reason, usage: message.usage };
  }],
  streamThinking: ['STREAM_THINKING_MODEL', async (model) => {
    const stream = client.messages.stream({ model, max_tokens: 4096, messages, thinking: { type: 'enabled', budget_tokens: 2048 } });
    const message = await stream.finalMessage();
    return { blocks: blocks(message), stop: message.stop_reason, usage: message.usage };
  }],
  rateLimited: ['RATE_LIMITED_MODEL', async (model) => {
    await client.messages.create({ model, max_tokens: 64, messages });
    return {};
  }],
  overloaded: ['OVERLOADED_MODEL', async (model) => {
    await client.messages.create({ model, max_tokens: 64, messages });
    return {};
  }],
  missingMaxTokens: ['MISSING_MAX_TOKENS_MODEL', async (model) => {
    await client.messages.create({ model, messages });
    return {};
  }],
  countTokens: ['COUNT_MODEL', async (model) => {
    const counted = await client.messages.countTokens({ model, messages, tools });
    return { inputTokens: counted.input_tokens };
  }],
  countTokensWithThinking: ['COUNT_THINKING_MODEL', async (model) => {
    const counted = await client.messages.countTokens({ model, messages, thinking: { type: 'enabled', budget_tokens: 2048 } });
    return { inputTokens: counted.input_tokens };
  }],
};

const results = {};
for (const [name, [variable, run]] of Object.entries(scenarios)) {
  if (process.env[variable]) results[name] = await outcome(() => run(process.env[variable]));
}
console.log(JSON.stringify(results));
