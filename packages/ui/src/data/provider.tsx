import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { ApiError } from "../api.js";
import { isNotFound } from "../components/not-found.js";

/** Asking again will not change the answer to a 4xx (bad input, not allowed, not found). */
const isClientError = (error: unknown) =>
  error instanceof ApiError && error.status >= 400 && error.status < 500;

/** The defaults every page's server state is loaded with. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, error) => !isClientError(error) && failures < 2,
        // People keep unsaved choices on a page; data must not change under them when they come back.
        refetchOnWindowFocus: false,
        // A 404 goes to the nearest NotFoundBoundary: the page says "Page not found".
        throwOnError: (error) => isNotFound(error),
      },
      mutations: { retry: false },
    },
  });
}

/** Server state for the pages inside it (TanStack Query), with Bernard's defaults. */
export function DataProvider({ children }: { children: ReactNode }) {
  const [client] = useState(createQueryClient);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

export {
  keepPreviousData,
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryKey,
} from "@tanstack/react-query";
