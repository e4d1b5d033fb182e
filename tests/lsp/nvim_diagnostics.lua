-- Headless Neovim (0.7+): open a letter, attach `helderetaal lsp`, wait for its diagnostics and
-- write them as JSON. Driven by tests/test_lsp_nvim.py through environment variables:
--   HELDERETAAL_LSP_CMD     the server command, arguments separated by tabs
--   HELDERETAAL_NVIM_LETTER the letter to open
--   HELDERETAAL_NVIM_OUT    where to write the JSON
local function run()
  local cmd = vim.split(os.getenv("HELDERETAAL_LSP_CMD"), "\t", true)
  local letter = os.getenv("HELDERETAAL_NVIM_LETTER")
  vim.cmd("edit " .. vim.fn.fnameescape(letter))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = "helderetaal",
    cmd = cmd,
    root_dir = vim.fn.fnamemodify(letter, ":h"),
    settings = { helderetaal = { debounce = 0 } },
    on_init = function(client)
      -- What nvim-lspconfig does: push the settings after initialising.
      client.notify("workspace/didChangeConfiguration", { settings = client.config.settings })
    end,
  })
  vim.lsp.buf_attach_client(bufnr, client_id)
  local ok = vim.wait(180000, function() return #vim.diagnostic.get(bufnr) > 0 end, 100)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(found, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, source = d.source or lsp.source, code = d.code or lsp.code, message = d.message,
    })
  end
  local client = vim.lsp.get_client_by_id(client_id)
  local encoding = client and client.offset_encoding or "?"
  return { ok = ok, encoding = encoding, diagnostics = found }
end

local okay, result = pcall(run)
if not okay then result = { ok = false, error = tostring(result), diagnostics = {} } end
local out = io.open(os.getenv("HELDERETAAL_NVIM_OUT"), "w")
out:write(vim.fn.json_encode(result))
out:close()
for _, client in pairs(vim.lsp.get_active_clients()) do client.stop() end
vim.wait(2000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
vim.cmd("qall!")
