// Drives the official OpenAI SDK against a running llmgate. Each scenario's outcome is printed as one JSON
// object on stdout; the Java test (OpenAiSdkIT) decides what is right. Usage: node openai-sdk.mjs <baseURL>
import OpenAI from 'openai';

const client = new OpenAI({ baseURL: process.argv[2], apiKey: 'client-key', maxRetries: 0, timeout: 20_000 });
const messages = [{ role: 'user', content: 'What is the weather in Edinburgh and the price of AAPL?' }];
const tools = [
  { type: 'function', function: { name: 'GetWeatherArgs', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
  { type: 'function', function: { name: 'get_stock_price', parameters: { type: 'object', properties: { ticker: { type: 'string' } } } } },
];

async function outcome(run) {
  try {
    return { ok: true, ...(await run()) };
  } catch (e) {
    return {
      ok: false, error: e.constructor.name, status: e.status ?? null, message: e.message, code: e.code ?? null,
      type: e.type ?? null, retryAfter: e.headers?.get?.('retry-after') ?? null,
    };
  }
}

const scenarios = {
  async reasoning() {
    const completion = await client.chat.completions.create({ model: process.env.REASONING_MODEL, messages, reasoning_effort: 'low' });
    const message = completion.choices[0].message;
    return { content: message.content, reasoning: message.reasoning_content ?? null, details: message.reasoning_details ?? null, usage: completion.usage };
  },
  async streamReasoning() {
    const stream = await client.chat.completions.create({
      model: process.env.STREAM_REASONING_MODEL, messages, stream: true, stream_options: { include_usage: true },
    });
    let reasoning = '';
    let text = '';
    let usage = null;
    for await (const chunk of stream) {
      reasoning += chunk.choices[0]?.delta?.reasoning_content ?? '';
      text += chunk.choices[0]?.delta?.content ?? '';
      usage = chunk.usage ?? usage;
    }
    return { reasoning, text, usage };
  },
  async nonStream() {
    const completion = await client.chat.completions.create({ model: process.env.NON_STREAM_MODEL, messages });
    return { content: completion.choices[0].message.content, usage: completion.usage, finish: completion.choices[0].finish_reason };
  },
  async toolCallsNonStream() {
    const completion = await client.chat.completions.create({ model: process.env.TOOLS_MODEL, messages, tools, tool_choice: 'auto' });
    return { toolCalls: completion.choices[0].message.tool_calls, finish: completion.choices[0].finish_reason };
  },
  async streamWithTools() {
    const stream = client.chat.completions.stream({
      model: process.env.STREAM_TOOLS_MODEL, messages, tools, stream_options: { include_usage: true },
    });
    let chunks = 0;
    for await (const chunk of stream) chunks += chunk ? 1 : 0;
    const final = await stream.finalChatCompletion();
    return { chunks, toolCalls: final.choices[0].message.tool_calls, finish: final.choices[0].finish_reason, usage: final.usage };
  },
  async streamText() {
    const stream = await client.chat.completions.create({ model: process.env.STREAM_MODEL, messages, stream: true });
    let text = '';
    let usageSeen = false;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      usageSeen ||= !!chunk.usage;
    }
    return { text, usageSeen };
  },
  async cachedUsage() {
    const completion = await client.chat.completions.create({ model: process.env.CACHED_MODEL, messages });
    return { usage: completion.usage, content: completion.choices[0].message.content };
  },
  async streamCachedUsage() {
    const stream = await client.chat.completions.create({
      model: process.env.STREAM_CACHED_MODEL, messages, stream: true, stream_options: { include_usage: true },
    });
    let usage = null;
    for await (const chunk of stream) usage = chunk.usage ?? usage;
    return { usage };
  },
  async overloaded() {
    await client.chat.completions.create({ model: process.env.OVERLOADED_MODEL, messages });
    return {};
  },
  // Signed reasoning sent back on the next turn, as a client gathers it: from a stream (pieces of
  // reasoning_details joined by index, as OpenRouter documents; or, by a client that knows only
  // reasoning_content, the text joined and the last piece kept), and from a whole answer.
  async signedReasoning() {
    const question = [{ role: 'user', content: 'How do I cross the street?' }];
    const next = { role: 'user', content: 'Thanks. And at night?' };
    const stream = await client.chat.completions.create({
      model: process.env.SIGNED_STREAM_MODEL, messages: question, reasoning_effort: 'low', stream: true,
    });
    let content = '';
    let reasoning = '';
    const details = [];
    let lastDetail = null;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta ?? {};
      content += delta.content ?? '';
      reasoning += delta.reasoning_content ?? '';
      for (const piece of delta.reasoning_details ?? []) {
        lastDetail = piece;
        const block = details[piece.index] ?? (details[piece.index] = { type: piece.type, index: piece.index });
        if (piece.text) block.text = (block.text ?? '') + piece.text;
        if (piece.signature) block.signature = piece.signature;
        if (piece.data) block.data = (block.data ?? '') + piece.data;
      }
    }
    const assistant = { role: 'assistant', content, reasoning_content: reasoning, reasoning_details: details };
    await client.chat.completions.create({
      model: process.env.SIGNED_NEXT_MODEL, messages: [...question, assistant, next], reasoning_effort: 'low',
    });
    await client.chat.completions.create({
      model: process.env.SIGNED_NAIVE_NEXT_MODEL, reasoning_effort: 'low',
      messages: [...question, { ...assistant, reasoning_details: [lastDetail] }, next],
    });
    const whole = await client.chat.completions.create({
      model: process.env.SIGNED_WHOLE_MODEL, messages: question, reasoning_effort: 'low',
    });
    const message = whole.choices[0].message;
    await client.chat.completions.create({
      model: process.env.SIGNED_WHOLE_NEXT_MODEL, reasoning_effort: 'low', messages: [...question, {
        role: 'assistant', content: message.content, reasoning_content: message.reasoning_content,
        reasoning_details: message.reasoning_details,
      }, next],
    });
    return { content, reasoning, details, wholeDetails: message.reasoning_details ?? null };
  },
  async rateLimited() {
    await client.chat.completions.create({ model: process.env.RATE_LIMITED_MODEL, messages });
    return {};
  },
  async cutStream() {
    const stream = await client.chat.completions.create({ model: process.env.CUT_MODEL, messages, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    return { text };
  },
  // A cached answer replayed to the other kind of request must read, through the SDK, as the original did.
  async cacheReplay() {
    const nonce = `${Date.now()}-${Math.random()}`;
    const question = [{ role: 'user', content: `Cache check ${nonce}: the weather in Edinburgh and the price of AAPL?` }];
    const whole = await client.chat.completions.create({ model: process.env.CACHE_MODEL, messages: question, tools });
    const replayed = await finalOfStream(process.env.CACHE_MODEL, question);
    const live = await finalOfStream(process.env.CACHE_STREAM_MODEL, question);
    const liveAgain = await finalOfStream(process.env.CACHE_STREAM_MODEL, question);
    const asWhole = await client.chat.completions.create({ model: process.env.CACHE_STREAM_MODEL, messages: question, tools });
    return {
      whole: summary(whole), replayed: summary(replayed.final), replayedChunks: replayed.chunks,
      live: summary(live.final), liveAgain: summary(liveAgain.final), asWhole: summary(asWhole),
    };
  },
};

async function finalOfStream(model, question) {
  const stream = client.chat.completions.stream({ model, messages: question, tools, stream_options: { include_usage: true } });
  let chunks = 0;
  for await (const chunk of stream) chunks += chunk ? 1 : 0;
  return { chunks, final: await stream.finalChatCompletion() };
}

function summary(completion) {
  const choice = completion.choices[0];
  return {
    id: completion.id, model: completion.model, created: completion.created, object: completion.object,
    content: choice.message.content ?? null, refusal: choice.message.refusal ?? null,
    toolCalls: (choice.message.tool_calls ?? []).map((c) => ({ id: c.id, type: c.type, name: c.function.name, arguments: c.function.arguments })),
    finish: choice.finish_reason, usage: withoutCost(completion.usage),
  };
}

// a cache hit costs nothing (usage.cost 0) where the original answer had its price: compare the tokens
function withoutCost(usage) {
  if (!usage) return null;
  const { cost, ...tokens } = usage;
  return tokens;
}

// each scenario runs only when the test gives it a model in this environment variable
const modelVariables = {
  reasoning: 'REASONING_MODEL', streamReasoning: 'STREAM_REASONING_MODEL', nonStream: 'NON_STREAM_MODEL',
  toolCallsNonStream: 'TOOLS_MODEL', streamWithTools: 'STREAM_TOOLS_MODEL', streamText: 'STREAM_MODEL',
  rateLimited: 'RATE_LIMITED_MODEL', cutStream: 'CUT_MODEL', cacheReplay: 'CACHE_MODEL',
  cachedUsage: 'CACHED_MODEL', streamCachedUsage: 'STREAM_CACHED_MODEL', overloaded: 'OVERLOADED_MODEL',
  signedReasoning: 'SIGNED_STREAM_MODEL',
};
const results = {};
for (const [name, run] of Object.entries(scenarios)) {
  if (process.env[modelVariables[name]]) results[name] = await outcome(run);
}
console.log(JSON.stringify(results));
