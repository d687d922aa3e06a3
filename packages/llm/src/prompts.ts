import type { ChatMessage } from "./client.js";

/** A prompt as a versioned template: change the wording, bump the version, and usage records say which ran. */
export interface PromptTemplate<Variables> {
  id: string;
  version: string;
  render(variables: Variables): ChatMessage[];
}

export interface RenderedPrompt {
  messages: ChatMessage[];
  prompt: { id: string; version: string };
}

export function definePrompt<Variables>(template: {
  id: string;
  version: string;
  system: string;
  user: (variables: Variables) => string;
}): PromptTemplate<Variables> & { with(variables: Variables): RenderedPrompt } {
  const render = (variables: Variables): ChatMessage[] => [
    { role: "system", content: template.system },
    { role: "user", content: template.user(variables) },
  ];
  return {
    id: template.id,
    version: template.version,
    render,
    with: (variables) => ({
      messages: render(variables),
      prompt: { id: template.id, version: template.version },
    }),
  };
}
