"""The relation graph: plain data (``model``), built from the store (``build``), kept live
as the analyst edits (``live``), laid out (``layout``), pinned (``pins``) and exported
(``export``). Import the submodule you need; nothing heavy is loaded here."""
