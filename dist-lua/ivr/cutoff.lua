local ____exports = {}
--- Seconds kept back from a grant for the scheduler's rounding.
____exports.CUTOFF_MARGIN_SECONDS = 1
--- The N of `sched_hangup +N` for a grant of `grantedSeconds` (≤ 0: no call can be placed).
function ____exports.cutoffSeconds(grantedSeconds)
    return grantedSeconds - ____exports.CUTOFF_MARGIN_SECONDS
end
return ____exports
