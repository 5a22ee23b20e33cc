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
    return { ok: false, error: e.constructor.name, status: e.status ?? null, message: e.message, code: e.code ?? null };
  }
}

const scenarios = {
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
};

const results = {};
for (const [name, run] of Object.entries(scenarios)) results[name] = await outcome(run);
console.log(JSON.stringify(results));
