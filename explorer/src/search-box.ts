/**
 * An ARIA 1.2 combobox over `Query.search`: results as you type (kind shown), arrow keys move through them, Enter
 * picks, Escape closes. Used for the main search and for both ends of the path finder.
 */
import { run } from "./api.ts";
import { h, replace, snippet } from "./dom.ts";
import { kindBadge } from "./kinds.ts";
import type { EntitySummary } from "./types.ts";

/** What a search box needs: its label, and what to do with the entity picked. */
export interface SearchBoxOptions {
  id: string;
  label: string;
  placeholder: string;
  onPick(entity: EntitySummary): void;
}

interface SearchResult {
  search: { totalCount: number; nodes: { field: string; snippet: string; entity: EntitySummary }[] };
}

/** How long typing must pause before a search is sent, in milliseconds. */
const DEBOUNCE_MS = 150;

/** A search box; `setValue` shows an entity's name in it (after a pick or when a view is restored). */
export function createSearchBox(options: SearchBoxOptions): {
  element: HTMLElement;
  setValue(text: string): void;
} {
  const listId = `${options.id}-list`;
  const input = h("input", {
    id: options.id,
    type: "search",
    role: "combobox",
    autocomplete: "off",
    spellcheck: "false",
    placeholder: options.placeholder,
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": listId,
  });
  const list = h("ul", { id: listId, role: "listbox", className: "results", "aria-label": options.label });
  list.hidden = true;
  const status = h("span", { className: "visually-hidden", role: "status" });
  let hits: EntitySummary[] = [];
  let active = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sequence = 0;

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const highlight = (index: number) => {
    active = index;
    list.querySelectorAll('[role="option"]').forEach((option, at) => {
      option.setAttribute("aria-selected", String(at === index));
      if (at === index) {
        input.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      }
    });
  };
  const pick = (index: number) => {
    const entity = hits[index];
    if (!entity) return;
    input.value = entity.name;
    // A search still pending or in flight must not reopen the list over the pick.
    clearTimeout(timer);
    sequence++;
    close();
    options.onPick(entity);
  };
  const search = async (text: string) => {
    const mine = ++sequence;
    if (text.trim().length < 2) {
      close();
      return;
    }
    let result: SearchResult;
    try {
      result = await run<SearchResult>("ExplorerSearchQuery", { query: text.slice(0, 200) });
    } catch (error) {
      if (mine === sequence) status.textContent = `Search failed: ${(error as Error).message}`;
      return;
    }
    if (mine !== sequence) return; // a later keystroke's search answers instead
    hits = result.search.nodes.map((node) => node.entity);
    replace(
      list,
      result.search.nodes.length === 0
        ? h(
            "li",
            { className: "empty", role: "option", "aria-disabled": "true", id: `${listId}-none` },
            "No match",
          )
        : result.search.nodes.map((node, index) =>
            h(
              "li",
              {
                id: `${listId}-${index}`,
                role: "option",
                "aria-selected": "false",
                "data-slug": node.entity.slug,
                onMousedown: (event: Event) => {
                  event.preventDefault(); // keep focus in the input
                  pick(index);
                },
              },
              h("span", { className: "result-name" }, node.entity.name),
              kindBadge(node.entity.kind),
              node.field === "name"
                ? null
                : h("span", { className: "result-snippet" }, snippet(node.snippet)),
            ),
          ),
    );
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    active = -1;
    input.removeAttribute("aria-activedescendant");
    status.textContent = `${result.search.totalCount} result(s)`;
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => void search(input.value), DEBOUNCE_MS);
  });
  input.addEventListener("keydown", (event) => {
    const open = !list.hidden && hits.length > 0;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (list.hidden) void search(input.value);
      else if (open) highlight((active + 1) % hits.length);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (open) highlight(active <= 0 ? hits.length - 1 : active - 1);
    } else if (event.key === "Enter") {
      if (open) {
        event.preventDefault();
        pick(Math.max(active, 0));
      }
    } else if (event.key === "Escape") {
      if (!list.hidden) {
        event.preventDefault();
        close();
      } else input.value = "";
    }
  });
  input.addEventListener("blur", () => close());

  const element = h(
    "div",
    { className: "search-box" },
    h("label", { for: options.id }, options.label),
    h("div", { className: "combo" }, input, list),
    status,
  );
  return {
    element,
    setValue(text: string) {
      input.value = text;
    },
  };
}
