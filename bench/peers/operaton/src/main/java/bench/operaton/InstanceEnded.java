package bench.operaton;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.operaton.bpm.engine.delegate.DelegateExecution;
import org.operaton.bpm.engine.delegate.ExecutionListener;
import org.operaton.bpm.engine.impl.cfg.TransactionState;
import org.operaton.bpm.engine.impl.context.Context;

/**
 * The process's end listener: once the transaction that ended an instance has committed,
 * the caller waiting on that instance's business key goes on (no polling of the history).
 */
public final class InstanceEnded implements ExecutionListener {
  static final Map<String, CompletableFuture<String>> WAITING = new ConcurrentHashMap<>();

  @Override
  public void notify(DelegateExecution execution) {
    String businessKey = execution.getProcessBusinessKey();
    Context.getCommandContext().getTransactionContext().addTransactionListener(TransactionState.COMMITTED, context -> {
      CompletableFuture<String> waiting = WAITING.get(businessKey);
      if (waiting != null) waiting.complete(businessKey);
    });
  }
}
