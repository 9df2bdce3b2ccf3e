"""The directory's named signals (blinker, like Pelican's own), through which other plugins join
its build whatever the order of PLUGINS.

``get_extensions`` is sent once, when a build is set up, with the Pelican settings as its
sender; a receiver returns an extension class. Each class is made with the Pelican settings
(it checks its own settings there, at start-up) and, in the build's index stage, asked to
``contribute(directory, job, memo)``: its pages, rendered in every language like the directory's
own, and its files (see build.Contribution)."""

from __future__ import annotations

from blinker import signal

get_extensions = signal("harbour-crossings.get-extensions")
